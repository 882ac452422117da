package com.example.deviceerp.data;

import com.example.deviceerp.domain.ClinicalTrialRecord;
import com.example.deviceerp.domain.ConformityCertificate;
import com.example.deviceerp.domain.Customer;
import com.example.deviceerp.domain.Device;
import com.example.deviceerp.domain.Distributor;
import com.example.deviceerp.domain.Formula;
import com.example.deviceerp.domain.Patient;
import com.example.deviceerp.domain.ProductionBatch;
import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.time.LocalDate;

/** Sample data of an infusion-pump maker; all names and numbers are invented. */
public final class SeedData {
    private SeedData() {
    }

    /** Persists the sample rows in the caller's transaction; does nothing if they are there already. */
    public static void seed(EntityManager em) {
        if (em.createQuery("SELECT COUNT(c) FROM Customer c", Long.class).getSingleResult() > 0) {
            return;
        }
        Customer hospital = customer("Ruijin Demo Hospital", "procurement@ruijin.example", "+86 21 6437 0045", "91310000MA1FL0001X", "Shanghai");
        Customer clinic = customer("Chaoyang Demo Clinic", "it@chaoyang.example", "+86 10 8523 1234", "91110105MA00ABCD2Y", "Beijing");
        em.persist(hospital);
        em.persist(clinic);

        Patient liWei = patient("Li Wei", "110105197803120021", LocalDate.of(1978, 3, 12), "+86 138 0013 8000", "Ruijin Demo Hospital");
        Patient wangFang = patient("Wang Fang", "310104196511280046", LocalDate.of(1965, 11, 28), "+86 139 1700 2233", "Ruijin Demo Hospital");
        em.persist(liWei);
        em.persist(wangFang);

        em.persist(record("CT-IP-2026-01", liWei, LocalDate.of(2026, 3, 2), "type 2 diabetes, insulin-dependent", "none"));
        em.persist(record("CT-IP-2026-01", wangFang, LocalDate.of(2026, 3, 9), "post-operative analgesia", "mild nausea on day 2"));

        Formula f = new Formula();
        f.setCode("FX-PUMP-LUBE-7");
        f.setProductName("Infusion pump seal lubricant");
        f.setComposition("silicone oil 92.5%, PTFE micropowder 6.0%, antioxidant AO-3 1.5%");
        f.setProcessParameters("mix 40 min at 65 C, 1200 rpm; degas 15 min at -0.09 MPa");
        em.persist(f);

        ProductionBatch b = new ProductionBatch();
        b.setBatchNumber("B2026-0415");
        b.setFormula(f);
        b.setProducedOn(LocalDate.of(2026, 4, 15));
        b.setProcessRecord("operator 17; mixer M-3; deviation DV-22 closed");
        b.setYieldPercent(new BigDecimal("97.40"));
        em.persist(b);

        ConformityCertificate c = new ConformityCertificate();
        c.setCertificateNumber("CE-2797-MDR-000421");
        c.setDeviceModel("IP-300 infusion pump");
        c.setNotifiedBody("Notified Body 2797");
        c.setFindings("2 minor non-conformities (labelling, PMS plan), closed 2026-02-10");
        c.setValidUntil(LocalDate.of(2029, 5, 26));
        em.persist(c);

        Device d1 = device("SN-IP300-2026-000123", "IP-300", hospital, liWei, LocalDate.of(2026, 3, 1));
        Device d2 = device("SN-IP300-2026-000124", "IP-300", clinic, null, LocalDate.of(2026, 4, 20));
        em.persist(d1);
        em.persist(d2);

        Distributor dist = new Distributor();
        dist.setCompanyName("East China MedSupply Demo Ltd.");
        dist.setRegion("East China");
        dist.setContactName("Zhou Min");
        dist.setContactPhone("+86 571 8888 0101");
        dist.setBankAccount("6222020200112233445");
        dist.setCreditLimit(new BigDecimal("2500000.00"));
        em.persist(dist);
    }

    private static Customer customer(String name, String email, String phone, String taxId, String city) {
        Customer c = new Customer();
        c.setName(name);
        c.setEmail(email);
        c.setPhone(phone);
        c.setTaxId(taxId);
        c.setCity(city);
        return c;
    }

    private static Patient patient(String name, String card, LocalDate born, String phone, String hospital) {
        Patient p = new Patient();
        p.setName(name);
        p.setIdCardNumber(card);
        p.setBirthDate(born);
        p.setPhone(phone);
        p.setHospital(hospital);
        return p;
    }

    private static ClinicalTrialRecord record(String trial, Patient p, LocalDate visit, String diagnosis, String adverse) {
        ClinicalTrialRecord r = new ClinicalTrialRecord();
        r.setTrialCode(trial);
        r.setPatient(p);
        r.setVisitDate(visit);
        r.setDiagnosis(diagnosis);
        r.setAdverseEvents(adverse);
        return r;
    }

    private static Device device(String serial, String model, Customer owner, Patient patient, LocalDate installed) {
        Device d = new Device();
        d.setSerialNumber(serial);
        d.setModel(model);
        d.setCustomer(owner);
        d.setPatient(patient);
        d.setInstalledOn(installed);
        return d;
    }
}
