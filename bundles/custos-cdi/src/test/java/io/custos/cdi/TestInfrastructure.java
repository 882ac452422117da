package io.custos.cdi;

import io.custos.api.error.AuditUnavailableException;
import io.custos.crypto.keys.InMemoryKeySource;
import io.custos.jpa.Caller;
import io.custos.spi.AuditEvent;
import io.custos.spi.AuditSink;
import io.custos.spi.DataKeySource;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

/** What a deployment would provide: the KMS key source, the audit recorder, the persistence unit, the caller. */
public class TestInfrastructure {
    public static final List<AuditEvent> EVENTS = new CopyOnWriteArrayList<>();

    @Produces
    @Singleton
    DataKeySource keys() {
        return new InMemoryKeySource();
    }

    @Produces
    @Singleton
    AuditSink audit() {
        return new AuditSink() {
            @Override
            public void record(AuditEvent event) throws AuditUnavailableException {
                EVENTS.add(event);
            }
        };
    }

    @Produces
    @ApplicationScoped
    EntityManagerFactory emf() {
        Map<String, Object> p = new HashMap<>();
        p.put("jakarta.persistence.jdbc.url", "jdbc:h2:mem:cdi_" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        p.put("jakarta.persistence.jdbc.user", "sa");
        p.put("eclipselink.ddl-generation", "create-tables");
        p.put("eclipselink.session-name", "cdi-" + UUID.randomUUID());
        p.put("eclipselink.logging.level", "WARNING");
        return Persistence.createEntityManagerFactory("custos-cdi-test", p);
    }

    void close(@Disposes EntityManagerFactory emf) {
        emf.close();
    }

    /** The caller of the current test. */
    @Alternative
    @Priority(1000)
    @ApplicationScoped
    public static class TestCaller implements CallerResolver {
        private volatile Caller current = Caller.of("anonymous");

        public void set(Caller caller) {
            this.current = caller;
        }

        @Override
        public Caller current() {
            return current;
        }
    }
}
