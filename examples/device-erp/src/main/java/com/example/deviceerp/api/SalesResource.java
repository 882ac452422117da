package com.example.deviceerp.api;

import com.example.deviceerp.data.ErpRepository;
import com.example.deviceerp.domain.Customer;
import com.example.deviceerp.domain.Distributor;
import jakarta.enterprise.context.RequestScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Customers and distributors. */
@Path("/sales")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class SalesResource {
    @PersistenceContext(unitName = "device-erp")
    EntityManager em;

    @GET
    @Path("customers")
    public List<Customer> customers(@QueryParam("city") String city) {
        return new ErpRepository(em).customersIn(city);
    }

    @GET
    @Path("distributors")
    public List<Distributor> distributors() {
        return em.createQuery("SELECT d FROM Distributor d ORDER BY d.region", Distributor.class).getResultList();
    }
}
