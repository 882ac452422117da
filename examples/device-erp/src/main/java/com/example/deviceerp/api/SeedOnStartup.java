package com.example.deviceerp.api;

import com.example.deviceerp.data.SeedData;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;

/** Loads the sample data when the application starts. */
@ApplicationScoped
public class SeedOnStartup {
    @PersistenceContext(unitName = "device-erp")
    EntityManager em;

    @Transactional
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        SeedData.seed(em);
    }
}
