package com.example.deviceerp.api;

import jakarta.enterprise.context.RequestScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a report, a DBA or a stolen backup sees: the PATIENT row as stored, read with native SQL (which
 * the ERP's protection layer does not inspect). Demo only: a real ERP would not publish this.
 */
@Path("/storage")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
public class StorageResource {
    @PersistenceContext(unitName = "device-erp")
    EntityManager em;

    @GET
    @Path("patients/{id}")
    public Map<String, Object> patientRow(@PathParam("id") long id) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em.createNativeQuery(
                "SELECT ID, NAME, ID_CARD_NUMBER, BIRTH_DATE, PHONE, HOSPITAL FROM PATIENT WHERE ID = ?1")
                .setParameter(1, id).getResultList();
        if (rows.isEmpty()) {
            throw new NotFoundException();
        }
        Object[] r = rows.get(0);
        String[] names = {"ID", "NAME", "ID_CARD_NUMBER", "BIRTH_DATE", "PHONE", "HOSPITAL"};
        Map<String, Object> row = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            row.put(names[i], r[i] == null ? null : String.valueOf(r[i]));
        }
        return row;
    }

    /** How many rows the tables with patient data hold (what a re-encryption job of the patient key goes through). */
    @GET
    @Path("counts")
    public Map<String, Object> counts() {
        Map<String, Object> counts = new LinkedHashMap<>();
        for (String table : new String[] {"PATIENT", "TRIAL_RECORD"}) {
            counts.put(table, ((Number) em.createNativeQuery("SELECT COUNT(*) FROM " + table).getSingleResult())
                    .longValue());
        }
        return counts;
    }
}
