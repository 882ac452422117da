package com.example.deviceerp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.deviceerp.data.ErpRepository;
import com.example.deviceerp.data.SeedData;
import com.example.deviceerp.domain.ClinicalTrialRecord;
import com.example.deviceerp.domain.ConformityCertificate;
import com.example.deviceerp.domain.Customer;
import com.example.deviceerp.domain.Device;
import com.example.deviceerp.domain.Distributor;
import com.example.deviceerp.domain.Formula;
import com.example.deviceerp.domain.Patient;
import com.example.deviceerp.domain.ProductionBatch;
import io.custos.crypto.CustosCrypto;
import io.custos.crypto.keys.InMemoryKeySource;
import io.custos.jpa.Caller;
import io.custos.jpa.CustosSessionCustomizer;
import io.custos.jpa.ExportFormat;
import io.custos.jpa.FieldAccessDeniedException;
import io.custos.jpa.ProtectionRuntime;
import io.custos.jpa.ProtectionServices;
import io.custos.jpa.policy.FieldPolicy;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The sample ERP, unchanged, with its persistence unit run in Java SE on H2 and Custos switched on. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeviceErpProtectionTest {
    static final List<Class<?>> ENTITIES = List.of(Customer.class, Patient.class, ClinicalTrialRecord.class,
            Formula.class, ProductionBatch.class, ConformityCertificate.class, Device.class, Distributor.class);

    String url;
    EntityManagerFactory emf;
    ProtectionRuntime runtime;

    @BeforeAll
    void start() {
        url = "jdbc:h2:mem:erp_" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
        Map<String, Object> p = new HashMap<>();
        p.put("jakarta.persistence.transactionType", "RESOURCE_LOCAL");
        p.put("jakarta.persistence.jtaDataSource", "");
        p.put("jakarta.persistence.jdbc.url", url);
        p.put("jakarta.persistence.jdbc.user", "sa");
        p.put("eclipselink.logging.level", "WARNING");
        p.put(CustosSessionCustomizer.SERVICES, ProtectionServices.builder()
                .crypto(CustosCrypto.builder().keySource(new InMemoryKeySource()).build()).build());
        emf = Persistence.createEntityManagerFactory("device-erp", p);
        tx(em -> {
            SeedData.seed(em);
            return null;
        });
        runtime = ProtectionRuntime.of(emf);
    }

    @AfterAll
    void stop() {
        emf.close();
    }

    <T> T tx(Function<EntityManager, T> work) {
        EntityManager em = emf.createEntityManager();
        try {
            em.getTransaction().begin();
            T r = work.apply(em);
            em.getTransaction().commit();
            return r;
        } finally {
            em.close();
        }
    }

    @Test
    void policy_protectsEveryEntityTheWayTheDocsSay() {
        assertThat(runtime.protectedFields()).extracting(FieldPolicy::entity).containsOnly("Customer", "Patient",
                "ClinicalTrialRecord", "Formula", "ProductionBatch", "ConformityCertificate", "Device", "Distributor");
        assertThat(runtime.protectedFields()).hasSize(21);
    }

    @Test
    void database_holdsOnlyCiphertextInProtectedColumns() throws Exception {
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            for (Class<?> type : ENTITIES) {
                for (FieldPolicy f : runtime.protectedFields()) {
                    if (!f.entity().equals(type.getSimpleName())) {
                        continue;
                    }
                    String column = runtime.column(type, f.attribute()).orElseThrow();
                    try (ResultSet r = s.executeQuery("SELECT " + column.substring(column.indexOf('.') + 1) + " FROM "
                            + column.substring(0, column.indexOf('.')))) {
                        int rows = 0;
                        while (r.next()) {
                            String v = r.getString(1);
                            if (v != null) {
                                assertThat(v).as(column).startsWith("$cu1$");
                                rows++;
                            }
                        }
                        assertThat(rows).as(column).isPositive();
                    }
                }
            }
            StringBuilder dump = new StringBuilder();
            try (ResultSet r = s.executeQuery("SCRIPT")) {
                while (r.next()) {
                    dump.append(r.getString(1)).append('\n');
                }
            }
            assertThat(dump.toString()).contains("Ruijin Demo Hospital") // the hospital column is not protected
                    .doesNotContain("Li Wei").doesNotContain("110105197803120021").doesNotContain("silicone oil")
                    .doesNotContain("6222020200112233445").doesNotContain("SN-IP300-2026-000123")
                    .doesNotContain("insulin").doesNotContain("91310000MA1FL0001X").doesNotContain("2500000");
        }
    }

    @Test
    void erpQueries_keepWorkingOnProtectedData() {
        EntityManager em = emf.createEntityManager();
        try {
            ErpRepository repo = new ErpRepository(em);
            Device d = repo.deviceBySerial("SN-IP300-2026-000123").orElseThrow();
            assertThat(d.getModel()).isEqualTo("IP-300");
            assertThat(d.getPatient().getName()).isEqualTo("Li Wei");
            assertThat(repo.patientByIdCard("310104196511280046")).get().extracting(Patient::getName).isEqualTo("Wang Fang");
            assertThat(repo.customerByTaxId("91110105MA00ABCD2Y")).get().extracting(Customer::getCity).isEqualTo("Beijing");
            assertThat(repo.patientsAt("Ruijin Demo Hospital")).hasSize(2);
            assertThat(repo.trialRecords("CT-IP-2026-01")).extracting(ClinicalTrialRecord::getAdverseEvents)
                    .containsExactly("none", "mild nausea on day 2");
            assertThat(repo.batchesOf("FX-PUMP-LUBE-7")).singleElement()
                    .satisfies(b -> assertThat(b.getYieldPercent()).isEqualByComparingTo("97.40"));
            assertThat(runtime.findByBlindIndex(em, Customer.class, "email", "it@chaoyang.example"))
                    .extracting(Customer::getName).containsExactly("Chaoyang Demo Clinic");
        } finally {
            em.close();
        }
    }

    @Test
    void salesCaller_seesMaskedPatientsAndIsRefusedTheFormula() {
        EntityManager em = emf.createEntityManager();
        try {
            Caller sales = Caller.of("sales-rep-4", "sales");
            List<Patient> patients = runtime.view(new ErpRepository(em).patientsAt("Ruijin Demo Hospital"), sales);
            assertThat(patients).extracting(Patient::getName).containsExactly("L. W.", "W. F.");
            assertThat(patients).extracting(Patient::getIdCardNumber).containsExactly("****0021", "****0046");
            Formula f = em.createQuery("SELECT f FROM Formula f", Formula.class).getSingleResult();
            assertThatThrownBy(() -> runtime.view(f, sales)).isInstanceOf(FieldAccessDeniedException.class)
                    .hasMessageContaining("Formula.composition").hasMessageNotContaining("silicone");
            assertThat(runtime.view(f, Caller.of("chemist-1", "formulator")).getComposition()).contains("silicone");
        } finally {
            em.close();
        }
    }

    @Test
    void recallExport_pseudonymisesSerialsAndPatientsConsistently() {
        EntityManager em = emf.createEntityManager();
        try {
            List<Device> devices = em.createQuery("SELECT d FROM Device d ORDER BY d.id", Device.class).getResultList();
            Caller qa = new Caller("qa-lead", Set.of("qa"), "field-safety-recall-2026-07");
            StringWriter a = new StringWriter();
            StringWriter b = new StringWriter();
            runtime.export(Device.class, devices, List.of("serialNumber", "model", "installedOn"), Set.of(),
                    ExportFormat.CSV, qa, a);
            runtime.export(Device.class, devices, List.of("serialNumber", "model"), Set.of(), ExportFormat.JSON, qa, b);
            assertThat(a.toString()).doesNotContain("SN-IP300").contains("ps_").contains("IP-300");
            String token = a.toString().split("\r\n")[1].split(",")[0];
            assertThat(b.toString()).contains(token);
        } finally {
            em.close();
        }
    }
}
