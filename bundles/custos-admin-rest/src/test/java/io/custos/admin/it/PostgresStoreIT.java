package io.custos.admin.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.net.URL;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The WAR on Payara Micro with its store on PostgreSQL (a private schema of the local server) instead of the
 * embedded H2, through {@code custos.admin.jdbc.url}: keys, audit log and admin tables land there, sealed, and the
 * log verifies.
 */
@ExtendWith(PostgresAvailable.class)
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.MethodName.class)
class PostgresStoreIT {
    static final String SCHEMA = "custos_admin_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);

    @Deployment(testable = false)
    static WebArchive deployment() throws SQLException {
        try (Connection c = DriverManager.getConnection(PostgresAvailable.URL, "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + SCHEMA);
        }
        // connect through the driver (WEB-INF/lib), not a container pool: see DirectDataSource
        WebArchive war = Deployments.adminWar("custos.admin.jdbc.url=" + PostgresAvailable.URL + "?currentSchema=" + SCHEMA
                + "\ncustos.admin.jdbc.user=postgres\n");
        war.addAsLibrary(new File(System.getProperty("custos.admin.pgDriver", "target/postgresql.jar")));
        return war;
    }

    @ArquillianResource
    URL base;

    @AfterAll
    static void dropSchema() throws SQLException {
        try (Connection c = DriverManager.getConnection(PostgresAvailable.URL, "postgres", "");
             Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SCHEMA + " CASCADE");
        }
    }

    @Test
    void keysPolicyAndAudit_liveInPostgres_sealed_andVerifiable() throws SQLException {
        Http http = new Http(base.toString());
        HttpResponse<String> created = http.post("/api/keys", Actors.CUSTODIAN.token(),
                "{\"tenant\":\"pg\",\"dataClass\":\"PATIENT_CLINICAL\"}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        long key = Json.num(Json.object(created.body()), "keyId");
        assertThat(http.post("/api/keys/" + key + "/rotate", Actors.CUSTODIAN.token(), null).statusCode()).isEqualTo(200);
        assertThat(http.call("PUT", "/api/policy", Actors.OFFICER.token(),
                "{\"document\":{\"policyVersion\":1},\"reason\":\"on postgres\"}").statusCode()).isEqualTo(200);
        Map<String, Object> verdict = Json.object(http.post("/api/audit/verify", Actors.AUDITOR.token(), null).body());
        assertThat(verdict).containsEntry("intact", true);

        try (Connection c = DriverManager.getConnection(PostgresAvailable.URL, "postgres", "");
             Statement s = c.createStatement()) {
            assertThat(count(s, "SELECT COUNT(*) FROM " + SCHEMA + ".kms_key_version WHERE key_id = " + key)).isEqualTo(2);
            assertThat(count(s, "SELECT COUNT(*) FROM " + SCHEMA + ".kms_key_version WHERE sealed IS NULL")).isZero();
            assertThat(count(s, "SELECT COUNT(*) FROM " + SCHEMA + ".custos_admin_policy WHERE reason = 'on postgres'"))
                    .isEqualTo(1);
            assertThat(count(s, "SELECT COUNT(*) FROM " + SCHEMA + ".custos_audit_event WHERE action = 'rotate'"))
                    .isEqualTo(1);
        }
    }

    /**
     * Data-access events written by another JVM into the same log — as the ERP's JPA layer does — show in the
     * reads endpoint and in the console's chart, and the log, now written by two processes, still verifies.
     */
    @Test
    @SuppressWarnings("unchecked")
    void readsFromAnotherProcess_appearInTheChart_andTheSharedLogVerifies() throws Exception {
        org.postgresql.ds.PGSimpleDataSource ds = new org.postgresql.ds.PGSimpleDataSource();
        ds.setUrl(PostgresAvailable.URL);
        ds.setUser("postgres");
        ds.setCurrentSchema(SCHEMA);
        io.custos.crypto.software.SoftwareRootKeyProviderFactory factory = new io.custos.crypto.software.SoftwareRootKeyProviderFactory();
        factory.init(io.custos.spi.ProviderConfig.of("software", Map.of(
                io.custos.crypto.software.SoftwareRootKeyProviderFactory.PATH, Deployments.lastKeystore.toString(),
                io.custos.crypto.software.SoftwareRootKeyProviderFactory.PASSWORD, Deployments.lastKeystorePassword)));
        try (io.custos.spi.RootKeyProvider root = factory.create();
             io.custos.audit.AuditRecorder erp = io.custos.audit.AuditRecorder.start(ds, root,
                     io.custos.audit.AuditConfig.defaults())) {
            for (io.custos.spi.AuditEvent.Outcome o : List.of(io.custos.spi.AuditEvent.Outcome.SUCCESS,
                    io.custos.spi.AuditEvent.Outcome.SUCCESS, io.custos.spi.AuditEvent.Outcome.DENIED)) {
                erp.record(io.custos.spi.AuditEvent.now("nurse.li", io.custos.spi.AuditEvent.Category.DATA_ACCESS,
                        "decrypt", o).withTarget("pg", "PATIENT.NAME", "42").withPurpose("treatment"));
            }
        } finally {
            factory.close();
        }
        Http http = new Http(base.toString());
        Map<String, Object> reads = Json.object(http.get("/api/audit/reads", Actors.AUDITOR.token()).body());
        long allowed = 0;
        long denied = 0;
        for (Object b : (List<?>) reads.get("buckets")) {
            allowed += Json.num((Map<String, Object>) b, "reads");
            denied += Json.num((Map<String, Object>) b, "denied");
        }
        assertThat(allowed).isEqualTo(2);
        assertThat(denied).isEqualTo(1);
        assertThat(Json.object(http.post("/api/audit/verify", Actors.AUDITOR.token(), null).body()))
                .containsEntry("intact", true);

        org.openqa.selenium.WebDriver driver = ConsoleChecks.chromium();
        try {
            org.openqa.selenium.support.ui.WebDriverWait wait =
                    new org.openqa.selenium.support.ui.WebDriverWait(driver, java.time.Duration.ofSeconds(30));
            driver.get(http.base() + "/console/");
            ConsoleChecks.signIn(driver, wait, Actors.AUDITOR);
            wait.until(d -> d.findElement(org.openqa.selenium.By.id("reads-note")).getText()
                    .startsWith("3 data-access events, 1 denied"));
            assertThat(driver.findElements(org.openqa.selenium.By.cssSelector("#reads-chart rect"))).hasSize(2);
        } finally {
            driver.quit();
        }
    }

    private static long count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
