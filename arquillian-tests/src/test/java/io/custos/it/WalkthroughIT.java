package io.custos.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.custos.auditverifier.AuditVerifierCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The README walkthrough on a real Payara Micro 6 (Arquillian managed), in ONE server start, running the reference
 * EAR's content: {@code lib/} with the addlibs option, the skinny ERP WAR (Arquillian's deployment) and the skinny
 * admin WAR (a second deploy option, see arquillian.xml), on one in-memory H2 database reached through the server JDBC resources of {@code ear/src/main/payara/datasource.asadmin},
 * the ERP's data keys in the KMS that the admin API manages.
 *
 * <p>Payara Micro cannot deploy an EAR ("Archive type ... was not recognized"), so the EAR is unpacked and its
 * parts given to Micro as they would be to a server with a shared library directory; the EAR file itself is for
 * Payara Server (docs/install.md).
 *
 * <p>If Payara Micro cannot start or a WAR does not deploy, Arquillian fails the deployment and every test here
 * fails: the suite is never skipped, on CI or elsewhere.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WalkthroughIT {
    static final Path TARGET = Path.of(System.getProperty("custos.it.target", "target")).toAbsolutePath();
    static final Path WORK = Path.of(System.getProperty("custos.it.work", "target/it-work")).toAbsolutePath();
    static final String NEW_PATIENT =
            "{\"name\":\"Li Wei\",\"idCardNumber\":\"110101199003074514\",\"phone\":\"13800138000\",\"hospital\":\"Peking Union\"}";
    static final String LATER_PATIENT =
            "{\"name\":\"Wang Fang\",\"idCardNumber\":\"110101199205121234\",\"phone\":\"13900139000\",\"hospital\":\"Peking Union\"}";
    static final List<String> PROTECTED_COLUMNS = List.of("NAME", "ID_CARD_NUMBER", "PHONE");

    /** State carried from one ordered step to the next (one server, one walkthrough). */
    static long firstPatient;
    static long patientKeyId;
    static String signingFingerprint;
    static String keystorePassword;

    /**
     * Runs before the server starts: the files its command line names (the token-verification key, a fresh
     * root keystore's password as an owner-only file), then the EAR's ERP module as Maven built it.
     */
    @Deployment(testable = false)
    static WebArchive erp() throws IOException {
        Files.createDirectories(WORK.resolve("micro-tmp"));
        Files.createDirectories(WORK.resolve("backups"));
        Tokens.writePublicKey(WORK.resolve("jwt-public.pem"));
        Files.deleteIfExists(WORK.resolve("root-keys.p12"));
        byte[] pw = new byte[24];
        new SecureRandom().nextBytes(pw);
        Path pwFile = WORK.resolve("keystore.pw");
        Files.deleteIfExists(pwFile);
        try (var files = Files.list(WORK)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("server.log")).toList()) {
                Files.delete(f);
            }
        }
        keystorePassword = HexFormat.of().formatHex(pw);
        Files.createFile(pwFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(pwFile, keystorePassword, StandardCharsets.US_ASCII);
        return ShrinkWrap.createFromZipFile(WebArchive.class, TARGET.resolve("ear/device-erp.war").toFile());
    }

    @ArquillianResource
    URL base;

    private Http http() {
        // the server listens on 127.0.0.1 only, whatever host name the connector reports
        return new Http("http://127.0.0.1:" + URI.create(base.toString()).getPort());
    }

    @Test
    @Order(1)
    void createPatient_throughErpApi_returnsItsId() {
        HttpResponse<String> r = http().post("/device-erp/api/patients", null, NEW_PATIENT);

        assertThat(r.statusCode()).as(r.body()).isIn(200, 201);
        firstPatient = ((Number) Http.object(r).get("id")).longValue();
        assertThat(firstPatient).isPositive();
    }

    @Test
    @Order(2)
    void storedRow_ofNewPatient_holdsCiphertextUnderTheKmsKeyAndNoPlaintext() {
        HttpResponse<String> r = http().get("/device-erp/api/storage/patients/" + firstPatient, null);

        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Map<String, Object> row = Http.object(r);
        for (String column : PROTECTED_COLUMNS) {
            assertThat((String) row.get(column)).as(column).startsWith("$cu1$");
        }
        assertThat(r.body()).doesNotContain("Li Wei", "110101199003074514", "13800138000", "4514", "8000");
        assertThat(row.get("HOSPITAL")).isEqualTo("Peking Union");
        long[] header = header((String) row.get("NAME"));
        assertThat(header[1]).as("key version of a value written before any rotation").isEqualTo(1);
        patientKeyId = header[0];
    }

    @Test
    @Order(3)
    void readPatient_asAnonymousOrSalesOrClinician_maskedUnlessClinician() {
        Http http = http();
        String path = "/device-erp/api/patients/" + firstPatient;

        Map<String, Object> anonymous = Http.object(http.get(path, null));
        Map<String, Object> sales = Http.object(http.get(path, Tokens.mint("sam", "sales", Tokens.ERP)));
        Map<String, Object> clinician = Http.object(http.get(path, Tokens.mint("dr-chen", "clinician", Tokens.ERP)));

        for (Map<String, Object> masked : List.of(anonymous, sales)) {
            assertThat(masked).containsEntry("name", "L. W.").containsEntry("idCardNumber", "****4514")
                    .containsEntry("phone", "****8000");
        }
        assertThat(clinician).containsEntry("name", "Li Wei").containsEntry("idCardNumber", "110101199003074514")
                .containsEntry("phone", "13800138000");
    }

    @Test
    @Order(4)
    void rotatePatientKey_asKeyCustodian_newVersionIsCurrent_andAuditorMayNot() {
        Http http = http();
        String custodian = Tokens.mint("alice", "key-custodian", Tokens.ADMIN);
        List<Object> keys = Http.array(http.get("/custos-admin-rest/api/keys", custodian));
        @SuppressWarnings("unchecked")
        Map<String, Object> key = keys.stream().map(k -> (Map<String, Object>) k)
                .filter(k -> ((Number) k.get("keyId")).longValue() == patientKeyId).findFirst().orElseThrow(
                        () -> new AssertionError("the admin API does not list key " + patientKeyId + ": " + keys));
        assertThat(key).containsEntry("dataClass", "PATIENT_CLINICAL").containsEntry("usage", "FIELD_ENCRYPTION");

        HttpResponse<String> refused = http.post("/custos-admin-rest/api/keys/" + patientKeyId + "/rotate",
                Tokens.mint("audrey", "auditor", Tokens.ADMIN), "{}");
        HttpResponse<String> rotated = http.post("/custos-admin-rest/api/keys/" + patientKeyId + "/rotate",
                custodian, "{}");

        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
        assertThat(((Number) Http.object(rotated).get("currentVersion")).longValue()).isEqualTo(2);
    }

    @Test
    @Order(5)
    void newPatient_afterRotation_isWrittenUnderVersion2_andTheOldOneStillReads() throws InterruptedException {
        Http http = http();
        // the ERP's KMS notices the rotation at its next poll of the store (custos.kms.revocation-poll-interval=PT1S)
        Thread.sleep(1_500);
        long later = ((Number) Http.object(http.post("/device-erp/api/patients", null, LATER_PATIENT)).get("id"))
                .longValue();

        Map<String, Object> row = Http.object(http.get("/device-erp/api/storage/patients/" + later, null));
        for (String column : PROTECTED_COLUMNS) {
            assertThat(header((String) row.get(column))).as(column).containsExactly(patientKeyId, 2);
        }
        Map<String, Object> oldRow = Http.object(http.get("/device-erp/api/storage/patients/" + firstPatient, null));
        assertThat(header((String) oldRow.get("NAME"))).containsExactly(patientKeyId, 1);
        String clinician = Tokens.mint("dr-chen", "clinician", Tokens.ERP);
        assertThat(Http.object(http.get("/device-erp/api/patients/" + firstPatient, clinician)))
                .containsEntry("name", "Li Wei").containsEntry("phone", "13800138000");
        assertThat(Http.object(http.get("/device-erp/api/patients/" + later, clinician)))
                .containsEntry("name", "Wang Fang").containsEntry("idCardNumber", "110101199205121234");
    }

    @Test
    @Order(6)
    void reencryptPatientKey_asKeyCustodian_movesEveryRowToVersion2_auditorMayWatchButNotStart()
            throws InterruptedException {
        Http http = http();
        Jobs jobs = new Jobs(http);
        String custodian = Tokens.mint("alice", "key-custodian", Tokens.ADMIN);
        String auditor = Tokens.mint("audrey", "auditor", Tokens.ADMIN);

        assertThat(jobs.start(auditor, patientKeyId, "walkthrough", 0).statusCode()).isEqualTo(403);
        String jobId = jobs.started(custodian, patientKeyId, "walkthrough after rotation", 0);
        Map<String, Object> done = jobs.awaitFinal(jobId, auditor, Duration.ofSeconds(120));

        Map<String, Object> counts = Http.object(http.get("/device-erp/api/storage/counts", null));
        long patientRows = ((Number) counts.get("PATIENT")).longValue()
                + ((Number) counts.get("TRIAL_RECORD")).longValue();
        assertThat(done.get("state")).as(done.toString()).isEqualTo("COMPLETED");
        assertThat(Jobs.number(done, "processed")).as(done.toString()).isEqualTo(patientRows);
        assertThat(Jobs.number(done, "rowsLeft")).as(done.toString()).isZero();
        assertThat(Jobs.number(done, "failedValues")).as(done.toString()).isZero();
        Map<String, Object> row = Http.object(http.get("/device-erp/api/storage/patients/" + firstPatient, null));
        for (String column : PROTECTED_COLUMNS) {
            assertThat(header((String) row.get(column))).as(column).containsExactly(patientKeyId, 2);
        }
        assertThat(Http.object(http.get("/device-erp/api/patients/" + firstPatient,
                Tokens.mint("dr-chen", "clinician", Tokens.ERP)))).containsEntry("name", "Li Wei")
                .containsEntry("idCardNumber", "110101199003074514").containsEntry("phone", "13800138000");
    }

    @Test
    @Order(7)
    void moreJobs_throttledPausedResumedOrCancelled_auditorMayNotSteer_badThrottleIs400() throws InterruptedException {
        Http http = http();
        Jobs jobs = new Jobs(http);
        String custodian = Tokens.mint("alice", "key-custodian", Tokens.ADMIN);
        String officer = Tokens.mint("otto", "security-officer", Tokens.ADMIN);
        String auditor = Tokens.mint("audrey", "auditor", Tokens.ADMIN);
        // steered at once, before or just after the ERP's worker claims it (1 s poll): pausing a job no instance
        // runs settles it at the next poll, a running one stops after its chunk
        String second = jobs.started(custodian, patientKeyId, "second pass, nothing left to move", 1);
        String job = Jobs.PATH + "/" + second;
        HttpResponse<String> negative = http.post(job + "/throttle", officer, "{\"rowsPerSecond\":-5}");
        HttpResponse<String> huge = http.post(job + "/throttle", officer, "{\"rowsPerSecond\":1000000000}");
        HttpResponse<String> byAuditor = http.post(job + "/throttle", auditor, "{\"rowsPerSecond\":2}");
        HttpResponse<String> throttled = http.post(job + "/throttle", officer, "{\"rowsPerSecond\":2}");
        HttpResponse<String> paused = http.post(job + "/pause", officer, "{}");
        jobs.awaitState(second, "PAUSED", auditor, Duration.ofSeconds(30));
        HttpResponse<String> resumedByOfficer = http.post(job + "/resume", officer, "{}");
        HttpResponse<String> resumed = http.post(job + "/resume", custodian, "{}");
        Map<String, Object> secondDone = jobs.awaitFinal(second, auditor, Duration.ofSeconds(60));

        assertThat(negative.statusCode()).as(negative.body()).isEqualTo(400);
        assertThat(negative.body()).contains("CUSTOS-7003", "rowsPerSecond");
        assertThat(huge.statusCode()).as(huge.body()).isEqualTo(400);
        assertThat(byAuditor.statusCode()).isEqualTo(403);
        assertThat(throttled.statusCode()).as(throttled.body()).isEqualTo(200);
        assertThat(Jobs.number(Http.object(throttled), "throttle")).isEqualTo(2);
        assertThat(paused.statusCode()).as(paused.body()).isEqualTo(200);
        assertThat(resumedByOfficer.statusCode()).as("only a custodian resumes").isEqualTo(403);
        assertThat(resumed.statusCode()).as(resumed.body()).isEqualTo(200);
        assertThat(secondDone.get("state")).as(secondDone.toString()).isEqualTo("COMPLETED");
        assertThat(Jobs.number(secondDone, "rewritten")).as("everything was moved by the first job").isZero();

        String third = jobs.started(custodian, patientKeyId, "third pass, to be cancelled", 1);
        assertThat(http.post(Jobs.PATH + "/" + third + "/pause", officer, "{}").statusCode()).isEqualTo(200);
        jobs.awaitState(third, "PAUSED", auditor, Duration.ofSeconds(30));
        HttpResponse<String> cancelled = http.post(Jobs.PATH + "/" + third + "/cancel", officer, "{}");
        Map<String, Object> thirdDone = jobs.awaitFinal(third, auditor, Duration.ofSeconds(30));

        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        assertThat(thirdDone.get("state")).as(thirdDone.toString()).isEqualTo("CANCELLED");
        assertThat(http.get("/custos-admin-rest/api/audit/events?action=reencrypt-throttle", auditor).body())
                .contains("\"actor\":\"otto\"");
    }

    @Test
    @Order(8)
    void verifyAuditLog_asAuditor_intactAndHoldsTheRotationAndTheErpsReads() {
        Http http = http();
        String auditor = Tokens.mint("audrey", "auditor", Tokens.ADMIN);

        HttpResponse<String> verify = http.post("/custos-admin-rest/api/audit/verify", auditor, "{}");
        HttpResponse<String> rotations = http.get("/custos-admin-rest/api/audit/events?action=rotate", auditor);

        assertThat(verify.statusCode()).as(verify.body()).isEqualTo(200);
        Map<String, Object> report = Http.object(verify);
        assertThat(report).containsEntry("intact", true);
        assertThat(((Number) report.get("eventsChecked")).longValue()).isPositive();
        Matcher m = Pattern.compile("fingerprint (SHA256:[0-9a-f]{64})").matcher((String) report.get("verdict"));
        assertThat(m.find()).as("the verdict names the signing key: " + report.get("verdict")).isTrue();
        signingFingerprint = m.group(1);
        assertThat(rotations.body()).contains("\"actor\":\"alice\"", "\"keyId\":" + patientKeyId, "\"keyVersion\":2");
        // the ERP's own events are in the same log: its KMS loaded the keys it encrypted with, and the
        // clinician's plaintext reads were recorded
        assertThat(http.get("/custos-admin-rest/api/audit/events?action=load-encryption-key&size=100", auditor).body())
                .contains("\"keyId\":" + patientKeyId);
        assertThat(http.get("/custos-admin-rest/api/audit/events?category=DATA_ACCESS&actor=dr-chen&size=100", auditor)
                .body()).contains("\"target\":\"Patient.name\"", "\"rowId\":\"" + firstPatient + "\"");
    }

    @Test
    @Order(9)
    void exportEvidencePack_asAuditor_verifiesOfflineWithThePinnedFingerprint() throws IOException {
        Instant now = Instant.now();
        HttpResponse<byte[]> r = http().getBytes("/custos-admin-rest/api/audit/export?from="
                + now.minus(1, ChronoUnit.DAYS) + "&to=" + now.plus(1, ChronoUnit.HOURS),
                Tokens.mint("audrey", "auditor", Tokens.ADMIN));
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        Path pack = WORK.resolve("evidence-pack.zip");
        Files.write(pack, r.body());

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = AuditVerifierCli.run(new String[] {"--fingerprint", signingFingerprint, pack.toString()},
                new PrintWriter(out, true), new PrintWriter(err, true));

        assertThat(code).as(out + "\n" + err).isZero();
        assertThat(out.toString()).contains("VERDICT: INTACT");
    }

    @Test
    @Order(10)
    void forgedTokens_onBothApis_areRefused() {
        Http http = http();
        String forgedCustodian = Tokens.forged("mallory", "key-custodian", Tokens.ADMIN);
        String forgedClinician = Tokens.forged("mallory", "clinician", Tokens.ERP);
        String good = Tokens.mint("audrey", "auditor", Tokens.ADMIN);
        String tampered = good.substring(0, good.lastIndexOf('.') + 1) + "AAAA";
        String wrongAudience = Tokens.mint("dr-chen", "clinician", Tokens.ADMIN);

        assertThat(http.post("/custos-admin-rest/api/keys/" + patientKeyId + "/rotate", forgedCustodian, "{}")
                .statusCode()).isEqualTo(401);
        assertThat(http.get("/custos-admin-rest/api/keys", tampered).statusCode()).isEqualTo(401);
        assertThat(http.get("/custos-admin-rest/api/keys", null).statusCode()).isEqualTo(401);
        HttpResponse<String> erpForged = http.get("/device-erp/api/patients/" + firstPatient, forgedClinician);
        assertThat(erpForged.statusCode()).isEqualTo(401);
        assertThat(erpForged.body()).doesNotContain("Li Wei", "13800138000");
        HttpResponse<String> erpWrongAudience = http.get("/device-erp/api/patients/" + firstPatient, wrongAudience);
        assertThat(erpWrongAudience.statusCode()).isEqualTo(401);
        assertThat(erpWrongAudience.body()).doesNotContain("Li Wei", "13800138000");
    }

    @Test
    @Order(11)
    void serverLog_afterTheWalkthrough_holdsNoSecretAndNoPatientData() throws IOException {
        // the server's own log (--logtofile; Micro writes server.log.0, ...): boot commands are echoed there,
        // the units log their set-up
        StringBuilder log = new StringBuilder();
        try (var files = Files.list(WORK)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("server.log")).toList()) {
                log.append(Files.readString(f, StandardCharsets.ISO_8859_1));
            }
        }

        assertThat(log.toString()).contains("device-erp: data keys from the Custos KMS at jdbc/custos-keys");
        assertThat(log.toString()).doesNotContain(keystorePassword, System.getenv("CUSTOS_DB_PASSWORD"),
                "Li Wei", "110101199003074514", "13800138000", "Wang Fang", "13900139000");
    }

    @Test
    @Order(12)
    void consoleJobsPanel_showsARealJobsProgress_andItsCancelButtonCancelsIt() throws Exception {
        Http http = http();
        Jobs jobs = new Jobs(http);
        String custodian = Tokens.mint("alice", "key-custodian", Tokens.ADMIN);
        String auditor = Tokens.mint("audrey", "auditor", Tokens.ADMIN);
        // work for a job at 1 row/s in one-row chunks (arquillian.xml): more patients, then a fresh rotation
        for (int i = 0; i < 48; i++) {
            HttpResponse<String> r = http.post("/device-erp/api/patients", null, String.format(
                    "{\"name\":\"Console Patient %02d\",\"idCardNumber\":\"1101011990030745%02d\","
                            + "\"phone\":\"138001380%02d\",\"hospital\":\"Peking Union\"}", i, i, i));
            assertThat(r.statusCode()).as(r.body()).isIn(200, 201);
        }
        HttpResponse<String> rotated = http.post("/custos-admin-rest/api/keys/" + patientKeyId + "/rotate",
                custodian, "{}");
        assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
        assertThat(((Number) Http.object(rotated).get("currentVersion")).longValue()).isEqualTo(3);
        // the ERP's KMS notices the rotation at its next poll (PT1S)
        Thread.sleep(1_500);

        Path shot = ConsoleJobs.watchAndCancel(http, jobs,
                () -> jobs.started(custodian, patientKeyId, "console watches this one", 1), custodian, auditor);

        assertThat(shot).isNotEmptyFile();
        assertThat(http.get("/custos-admin-rest/api/audit/events?action=reencrypt-cancel", auditor).body())
                .contains("\"actor\":\"alice\"");
    }

    /** {key id, key version} from a {@code $cu1$} value's header (docs/ciphertext-format.md: offsets 3 and 7). */
    static long[] header(String value) {
        assertThat(value).startsWith("$cu1$");
        byte[] bytes = Base64.getUrlDecoder().decode(value.substring(5));
        ByteBuffer b = ByteBuffer.wrap(bytes);
        return new long[] {Integer.toUnsignedLong(b.getInt(3)), Integer.toUnsignedLong(b.getInt(7))};
    }
}
