package com.example.deviceerp.api;

import com.example.deviceerp.data.ErpRepository;
import com.example.deviceerp.domain.ClinicalTrialRecord;
import com.example.deviceerp.domain.Patient;
import jakarta.enterprise.context.RequestScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** Patients and their clinical-trial records. */
@Path("/patients")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class PatientResource {
    @PersistenceContext(unitName = "device-erp")
    EntityManager em;

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
