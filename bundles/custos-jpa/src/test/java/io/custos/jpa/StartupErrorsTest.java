package io.custos.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.custos.api.error.CryptoException;
import io.custos.api.error.ErrorCode;
import io.custos.jpa.policy.ProtectionPolicy;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Wrong policies stop the persistence unit from starting, with numbered errors. */
class StartupErrorsTest {
    TestDb db;

    @BeforeEach
    void open() throws Exception {
        db = TestDb.open(TestDb.Kind.H2);
    }

    @AfterEach
    void close() throws Exception {
        db.close();
    }

    static CryptoException cause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof CryptoException ce) {
                return ce;
            }
        }
        throw new AssertionError("no CryptoException in the chain", t);
    }

    CryptoException startWith(String policyJson, Map<String, Object> extra) throws Exception {
        ProtectionPolicy policy = ProtectionPolicy.parse("bad-policy.json", policyJson);
        Throwable t = catchThrowable(() -> new Fixture(db, policy, p -> p.putAll(extra)).close());
        assertThat(t).as("the unit must not start").isNotNull();
        return cause(t);
    }

    @Test
    void unknownEntity_failsStartupNamingTheKnownEntities() throws Exception {
        CryptoException e = startWith("{\"policyVersion\":1,\"entities\":{\"Patent\":{\"name\":{\"class\":\"CUSTOMER\"}}}}", Map.of());
        assertThat(e.code()).isEqualTo(ErrorCode.POLICY_UNKNOWN_ENTITY);
        assertThat(e.getMessage()).contains("Patent").contains("Device, Patient, Visit");
    }

    @Test
    void unknownField_failsStartupListingBasicAttributes() throws Exception {
        CryptoException e = startWith("{\"policyVersion\":1,\"entities\":{\"Patient\":{\"nmae\":{\"class\":\"CUSTOMER\"}}}}", Map.of());
        assertThat(e.code()).isEqualTo(ErrorCode.POLICY_UNKNOWN_FIELD);
        assertThat(e.getMessage()).contains("Patient.nmae").contains("name").contains("nationalId");
    }

    @Test
    void primaryKeyVersionOrRelationship_cannotBeProtected() throws Exception {
        assertThat(startWith("{\"policyVersion\":1,\"entities\":{\"Patient\":{\"id\":{\"class\":\"CUSTOMER\"}}}}", Map.of())
                .getMessage()).contains(ErrorCode.FIELD_NOT_PROTECTABLE.id()).contains("primary key");
        assertThat(startWith("{\"policyVersion\":1,\"entities\":{\"Patient\":{\"version\":{\"class\":\"CUSTOMER\"}}}}", Map.of())
                .getMessage()).contains(ErrorCode.FIELD_NOT_PROTECTABLE.id()).contains("version");
        assertThat(startWith("{\"policyVersion\":1,\"entities\":{\"Visit\":{\"patient\":{\"class\":\"CUSTOMER\"}}}}", Map.of())
                .getMessage()).contains(ErrorCode.FIELD_NOT_PROTECTABLE.id()).contains("basic attributes");
    }

    @Test
    void columnTooNarrowWithoutDdlWidening_failsNamingColumnAndRequiredWidth() throws Exception {
        CryptoException e = startWith("{\"policyVersion\":1,\"entities\":{\"Patient\":{\"city\":{\"class\":\"CUSTOMER\"}}}}",
                Map.of(CustosSessionCustomizer.WIDEN_DDL, "false"));
        assertThat(e.code()).isEqualTo(ErrorCode.COLUMN_TOO_NARROW);
        // CITY is VARCHAR(60): 60 bytes randomized need 5 + ceil(4 * (60 + 43) / 3) = 143
        assertThat(e.getMessage()).contains("PATIENT.CITY").contains("is 60 characters").contains("need 143");
    }

    CryptoException startWithoutServicesObject(Map<String, Object> extra) {
        Map<String, Object> p = db.jpaProperties();
        p.put(CustosSessionCustomizer.POLICY, "classpath:test-policy.json");
        p.putAll(extra);
        Throwable t = catchThrowable(() -> jakarta.persistence.Persistence
                .createEntityManagerFactory("custos-test", p).createEntityManager().close());
        assertThat(t).as("the unit must not start").isNotNull();
        return cause(t);
    }

    @Test
    void keySourceBySelection_missingOrUnknownId_failsStartup() {
        CryptoException missing = startWithoutServicesObject(Map.of());
        assertThat(missing.code()).isEqualTo(ErrorCode.CONFIG_MISSING);
        assertThat(missing.getMessage()).contains("custos.key-source");
        CryptoException unknown = startWithoutServicesObject(Map.of("custos.key-source", "kms-typo"));
        assertThat(unknown.code()).isEqualTo(ErrorCode.PROVIDER_NOT_FOUND);
        assertThat(unknown.getMessage()).contains("kms-typo").contains("in-memory");
        CryptoException services = startWithoutServicesObject(Map.of(CustosSessionCustomizer.SERVICES, "nope"));
        assertThat(services.code()).isEqualTo(ErrorCode.PROVIDER_NOT_FOUND);
        assertThat(services.getMessage()).contains("config");
    }

    @Test
    void keySourceBySelection_foundWithTheUnitsLoader_notTheThreadsContextLoader() throws Exception {
        // on Payara Server the thread's context loader during deployment may be another module's: a loader that
        // sees no Custos factory stands for it here
        io.custos.jpa.internal.ConfigServicesProvider provider = new io.custos.jpa.internal.ConfigServicesProvider();
        Map<String, Object> p = Map.of("custos.key-source", "in-memory");
        ClassLoader unit = StartupErrorsTest.class.getClassLoader();
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(new java.net.URLClassLoader(new java.net.URL[0], null));
        try {
            CryptoException blind = org.junit.jupiter.api.Assertions.assertThrows(CryptoException.class,
                    () -> provider.services(p));
            assertThat(blind.code()).isEqualTo(ErrorCode.PROVIDER_NOT_FOUND);
            assertThat(provider.services(p, unit).crypto()).isNotNull();
        } finally {
            Thread.currentThread().setContextClassLoader(context);
        }
    }

    @Test
    void keySourceBySelection_inMemory_startsFromConfigurationAlone() {
        Map<String, Object> p = db.jpaProperties();
        p.put(CustosSessionCustomizer.POLICY, "classpath:test-policy.json");
        p.put("custos.key-source", "in-memory");
        jakarta.persistence.EntityManagerFactory emf = jakarta.persistence.Persistence.createEntityManagerFactory("custos-test", p);
        try {
            assertThat(ProtectionRuntime.of(emf).tenant()).isEqualTo("acme");
            assertThat(ProtectionRuntime.of(emf).protectedFields()).hasSize(6);
        } finally {
            emf.close();
        }
    }

    @Test
    void columnWidenedByTheIntegrator_isAcceptedWhenThePolicySaysSo() throws Exception {
        ProtectionPolicy policy = ProtectionPolicy.parse("ok.json",
                "{\"policyVersion\":1,\"entities\":{\"Patient\":{\"city\":{\"class\":\"CUSTOMER\",\"columnLength\":143}},"
                        + "\"Device\":{\"serialNo\":{\"class\":\"DEVICE_SERIAL\",\"mode\":\"DETERMINISTIC\",\"columnLength\":127}}}}");
        new Fixture(db, policy, p -> p.put(CustosSessionCustomizer.WIDEN_DDL, "false")).close();
    }
}
