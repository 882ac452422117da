package com.example.deviceerp.api;

import com.example.deviceerp.data.ErpRepository;
import com.example.deviceerp.domain.ConformityCertificate;
import com.example.deviceerp.domain.Formula;
import com.example.deviceerp.domain.ProductionBatch;
import jakarta.enterprise.context.RequestScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Formulas, batch records and certificates. */
@Path("/production")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class ProductionResource {
    @PersistenceContext(unitName = "device-erp")
    EntityManager em;

    @GET
    @Path("formulas")
    public List<Formula> formulas() {
        return em.createQuery("SELECT f FROM Formula f ORDER BY f.code", Formula.class).getResultList();
    }

    @GET
    @Path("formulas/{code}/batches")
    public List<ProductionBatch> batches(@PathParam("code") String code) {
        return new ErpRepository(em).batchesOf(code);
    }

    @GET
    @Path("certificates")
    public List<ConformityCertificate> certificates() {
        return em.createQuery("SELECT c FROM ConformityCertificate c ORDER BY c.deviceModel", ConformityCertificate.class)
                .getResultList();
    }
}
