package com.example.deviceerp.api;

import com.example.deviceerp.data.ErpRepository;
import com.example.deviceerp.domain.ClinicalTrialRecord;
import com.example.deviceerp.domain.Patient;
import jakarta.enterprise.context.RequestScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;
import java.util.List;
import java.util.Map;

/** Patients and their clinical-trial records. */
@Path("/patients")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class PatientResource {
    @PersistenceContext(unitName = "device-erp")
    EntityManager em;

    /** Registers a patient; answers 201 with the new id (the record itself is read back with GET). */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    public Response create(Patient patient, @Context UriInfo uri) {
        em.persist(patient);
        em.flush();
        return Response.created(uri.getAbsolutePathBuilder().path(String.valueOf(patient.getId())).build())
                .entity(Map.of("id", patient.getId())).build();
    }

    @GET
    @Path("{id}")
    public Patient get(@PathParam("id") long id) {
        Patient p = em.find(Patient.class, id);
        if (p == null) {
            throw new NotFoundException();
        }
        return p;
    }

    @GET
    public List<Patient> atHospital(@QueryParam("hospital") String hospital) {
        return new ErpRepository(em).patientsAt(hospital);
    }

    @GET
    @Path("trials/{code}")
    public List<ClinicalTrialRecord> trial(@PathParam("code") String code) {
        return new ErpRepository(em).trialRecords(code);
    }
}
