package com.example.deviceerp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.deviceerp.api.DeviceResource;
import com.example.deviceerp.api.PatientResource;
import com.example.deviceerp.api.ProductionResource;
import com.example.deviceerp.api.SalesResource;
import com.example.deviceerp.data.SeedData;
import com.example.deviceerp.domain.Device;
import com.example.deviceerp.domain.Distributor;
import com.example.deviceerp.domain.Patient;
import io.custos.api.error.ErrorCode;
import io.custos.cdi.CallerResolver;
import io.custos.cdi.CustosExtension;
import io.custos.crypto.keys.InMemoryKeySource;
import io.custos.jpa.Caller;
import io.custos.jpa.FieldAccessDeniedException;
import io.custos.spi.AuditEvent;
import io.custos.spi.AuditSink;
import io.custos.spi.DataKeySource;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.weld.junit5.EnableWeld;
import org.jboss.weld.junit5.WeldInitiator;
import org.jboss.weld.junit5.WeldSetup;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ERP's JAX-RS resources, unchanged, in a CDI container with Custos: the persistence unit takes its
 * services from CDI, the extension binds the masking interceptor to the resources the policy lists.
 */
@EnableWeld
class ErpApiWithCdiTest {
    static final List<AuditEvent> EVENTS = new CopyOnWriteArrayList<>();
    static EntityManagerFactory emf;

    /** What the deployment provides: KMS key source, audit recorder, the caller. */
    public static class Deployment {
        @Produces
        @Singleton
        DataKeySource keys() {
            return new InMemoryKeySource();
        }

        @Produces
        @Singleton
        AuditSink audit() {
            return EVENTS::add;
        }
    }

    @Alternative
    @Priority(1000)
    @ApplicationScoped
    public static class Callers implements CallerResolver {
        private volatile Caller current = Caller.of("anonymous");

        void set(Caller caller) { // through a method: a field write would land on the client proxy
            this.current = caller;
        }

        @Override
        public Caller current() {
            return current;
        }
    }

    @WeldSetup
    WeldInitiator weld = WeldInitiator.from(WeldInitiator.createWeld()
                    .addExtension(new CustosExtension()) // a server finds it through META-INF/services
                    .addBeanClasses(PatientResource.class, DeviceResource.class, ProductionResource.class,
                            SalesResource.class, Deployment.class, Callers.class))
            .activate(RequestScoped.class)
            .setPersistenceContextFactory(ip -> unit().createEntityManager())
            .build();

    @Inject
    PatientResource patients;
    @Inject
    DeviceResource devices;
    @Inject
    ProductionResource production;
    @Inject
    SalesResource sales;
    @Inject
    Callers callers;

    static synchronized EntityManagerFactory unit() {
        if (emf == null || !emf.isOpen()) {
            Map<String, Object> p = new HashMap<>();
            p.put("jakarta.persistence.transactionType", "RESOURCE_LOCAL");
            p.put("jakarta.persistence.jtaDataSource", "");
            p.put("jakarta.persistence.jdbc.url", "jdbc:h2:mem:erp_cdi_" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
            p.put("jakarta.persistence.jdbc.user", "sa");
            p.put("eclipselink.logging.level", "WARNING");
            p.put("eclipselink.session-name", "erp-cdi-" + UUID.randomUUID());
            p.put("custos.services", "cdi"); // Java SE: CDI is up before the unit (on Payara the unit uses config)
            emf = Persistence.createEntityManagerFactory("device-erp", p);
            EntityManager em = emf.createEntityManager();
            em.getTransaction().begin();
            SeedData.seed(em);
            em.getTransaction().commit();
            em.close();
        }
        return emf;
    }

    @BeforeEach
    void fresh() {
        if (emf != null) {
            emf.close(); // each test has its own CDI container, so its own key source: start from a new unit
            emf = null;
        }
    }

    long patientId(String hospital) {
        callers.set(Caller.of("dr-wu", "clinician"));
        return patients.atHospital(hospital).get(0).getId();
    }

    @Test
    void patientResource_salesCallerGetsMaskedPatients_clinicianGetsTheTruth() {
        long id = patientId("Ruijin Demo Hospital");
        callers.set(Caller.of("sales-rep-4", "sales"));
        Patient masked = patients.get(id);
        assertThat(masked.getName()).isEqualTo("L. W.");
        assertThat(masked.getIdCardNumber()).isEqualTo("****0021");
        assertThat(masked.getBirthDate()).isNull();
        assertThat(masked.getHospital()).isEqualTo("Ruijin Demo Hospital");
        callers.set(Caller.of("dr-wu", "clinician"));
        assertThat(patients.get(id).getName()).isEqualTo("Li Wei");
        assertThat(EVENTS).anyMatch(e -> "dr-wu".equals(e.actor()) && "Patient.name".equals(e.target())
                && e.outcome() == AuditEvent.Outcome.SUCCESS);
        assertThat(EVENTS).anyMatch(e -> "sales-rep-4".equals(e.actor()) && e.outcome() == AuditEvent.Outcome.DENIED);
    }

    @Test
    void deviceResource_findsBySerialThroughDeterministicEncryption() {
        unit();
        callers.set(Caller.of("engineer-9", "service"));
        Device d = devices.bySerial("SN-IP300-2026-000123");
        assertThat(d.getSerialNumber()).isEqualTo("SN-IP300-2026-000123");
        assertThat(d.getModel()).isEqualTo("IP-300");
    }

    @Test
    void productionResource_formulaIsRefusedToSales() {
        unit();
        callers.set(Caller.of("sales-rep-4", "sales"));
        assertThatThrownBy(() -> production.formulas()).isInstanceOf(FieldAccessDeniedException.class)
                .hasMessageContaining(ErrorCode.FIELD_READ_DENIED.id()).hasMessageContaining("Formula.composition");
        callers.set(Caller.of("chemist-1", "formulator"));
        assertThat(production.formulas()).singleElement()
                .satisfies(f -> assertThat(f.getComposition()).startsWith("silicone oil"));
    }

    @Test
    void salesResource_bankAccountOnlyForFinance() {
        unit();
        callers.set(Caller.of("sales-rep-4", "sales"));
        Distributor forSales = sales.distributors().get(0);
        assertThat(forSales.getBankAccount()).isEqualTo("****3445");
        assertThat(forSales.getCreditLimit()).isEqualByComparingTo("2500000.00");
        callers.set(Caller.of("controller-2", "finance"));
        assertThat(sales.distributors().get(0).getBankAccount()).isEqualTo("6222020200112233445");
    }
}
