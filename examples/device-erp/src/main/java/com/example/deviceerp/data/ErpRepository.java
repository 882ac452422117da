package com.example.deviceerp.data;

import com.example.deviceerp.domain.ClinicalTrialRecord;
import com.example.deviceerp.domain.Customer;
import com.example.deviceerp.domain.Device;
import com.example.deviceerp.domain.Patient;
import com.example.deviceerp.domain.ProductionBatch;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Optional;

/** The ERP's queries, in plain JPQL. */
public class ErpRepository {
    private final EntityManager em;

    public ErpRepository(EntityManager em) {
        this.em = em;
    }

    /** Device traceability: find the device with a serial number (UDI recall, service call). */
    public Optional<Device> deviceBySerial(String serialNumber) {
        return em.createQuery("SELECT d FROM Device d WHERE d.serialNumber = :serial", Device.class)
                .setParameter("serial", serialNumber).getResultStream().findFirst();
    }

    public List<Patient> patientsAt(String hospital) {
        return em.createQuery("SELECT p FROM Patient p WHERE p.hospital = :hospital ORDER BY p.id", Patient.class)
                .setParameter("hospital", hospital).getResultList();
    }

    public Optional<Patient> patientByIdCard(String idCardNumber) {
        return em.createQuery("SELECT p FROM Patient p WHERE p.idCardNumber = :card", Patient.class)
                .setParameter("card", idCardNumber).getResultStream().findFirst();
    }

    public List<ClinicalTrialRecord> trialRecords(String trialCode) {
        return em.createQuery("SELECT r FROM ClinicalTrialRecord r WHERE r.trialCode = :code ORDER BY r.visitDate",
                ClinicalTrialRecord.class).setParameter("code", trialCode).getResultList();
    }

    public List<ProductionBatch> batchesOf(String formulaCode) {
        return em.createQuery("SELECT b FROM ProductionBatch b WHERE b.formula.code = :code ORDER BY b.batchNumber",
                ProductionBatch.class).setParameter("code", formulaCode).getResultList();
    }

    public List<Customer> customersIn(String city) {
        return em.createQuery("SELECT c FROM Customer c WHERE c.city = :city ORDER BY c.id", Customer.class)
                .setParameter("city", city).getResultList();
    }

    public Optional<Customer> customerByTaxId(String taxId) {
        return em.createQuery("SELECT c FROM Customer c WHERE c.taxId = :tax", Customer.class)
                .setParameter("tax", taxId).getResultStream().findFirst();
    }
}
