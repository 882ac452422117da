package io.custos.admin.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The admin WAR on a real Payara Micro (Arquillian managed), called over real HTTP with RS256 tokens minted
 * here. One deployment for everything: the role matrix, forged tokens, problem+json, policy and audit,
 * OpenAPI/Health/Metrics, the console in headless Chromium, 50 concurrent clients, and a final scan of every
 * response body for key material.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AdminServerIT {
    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.adminWar();
    }

    @ArquillianResource
    URL base;

    private Http http() {
        return new Http(base.toString());
    }

    private Http root() {
        URI u = URI.create(base.toString());
        return new Http("http://127.0.0.1:" + u.getPort());
    }

    @Test
    @Order(1)
    void roleMatrix_everyEndpointEveryRoleAndNoToken_answersAsDocumented() {
        Http http = http();
        Fixtures f = new Fixtures(http);
        List<String> failures = new ArrayList<>();
        int calls = 0;
        for (Endpoints.Endpoint e : Endpoints.all(f)) {
            for (Actors a : new Actors[] {Actors.NONE, Actors.CUSTODIAN, Actors.OFFICER, Actors.AUDITOR, Actors.OPERATOR}) {
                HttpResponse<String> r = http.call(e.method(), e.path().get(), a.token(), body(e));
                calls++;
                String what = e.method() + " " + e.template() + " as " + (a.role() == null ? "no token" : a.role());
                if (a == Actors.NONE) {
                    expectProblem(failures, what, r, 401, "CUSTOS-7001");
                } else if (!e.allowed().contains(a.role())) {
                    expectProblem(failures, what, r, 403, "CUSTOS-7002");
                } else if (!e.expected().contains(r.statusCode())) {
                    failures.add(what + ": expected " + e.expected() + " but got " + r.statusCode() + " " + r.body());
                } else if (r.statusCode() >= 400) {
                    expectProblem(failures, what, r, r.statusCode(), "CUSTOS-");
                }
            }
        }
        assertThat(failures).as("matrix mismatches out of " + calls + " calls").isEmpty();
        assertThat(calls).isGreaterThanOrEqualTo(38 * 5);
    }

    private static String body(Endpoints.Endpoint e) {
        String b = e.body().get();
        return b == null && !e.method().equals("GET") ? "{}" : b;
    }

    private static void expectProblem(List<String> failures, String what, HttpResponse<String> r, int status,
                                      String code) {
        String type = r.headers().firstValue("Content-Type").orElse("");
        if (r.statusCode() != status || !type.startsWith("application/problem+json") || !r.body().contains(code)
                || r.body().contains("Exception") || r.body().contains("\tat ")) {
            failures.add(what + ": expected problem " + status + " " + code + " but got " + r.statusCode() + " "
                    + type + " " + r.body());
        }
    }

    @Test
    @Order(2)
    void forgedAndBrokenTokens_areRejectedWith401ProblemJson() {
        Http http = http();
        List<String> groups = List.of("auditor");
        Instant now = Instant.now();
        Map<String, String> forged = new java.util.LinkedHashMap<>();
        forged.put("alg none", Tokens.unsigned("mallory", groups));
        forged.put("HS256 signed with the public key", Tokens.hs256WithPublicKey("mallory", groups));
        forged.put("signed by another key", Tokens.sign(Tokens.claims("mallory", groups).build(), Tokens.OTHER_KEYS));
        forged.put("payload edited after signing", Tokens.tampered("mallory"));
        forged.put("expired", Tokens.mint("mallory", groups, b -> b.issueTime(Date.from(now.minusSeconds(3600)))
                .expirationTime(Date.from(now.minusSeconds(600)))));
        forged.put("not yet valid", Tokens.mint("mallory", groups, b -> b.notBeforeTime(Date.from(now.plusSeconds(900)))));
        forged.put("issued in the future", Tokens.mint("mallory", groups, b -> b.issueTime(Date.from(now.plusSeconds(900)))
                .expirationTime(Date.from(now.plusSeconds(1800)))));
        forged.put("wrong issuer", Tokens.mint("mallory", groups, b -> b.issuer("https://evil.example")));
        forged.put("wrong audience", Tokens.mint("mallory", groups, b -> b.audience("another-api")));
        forged.put("missing groups", Tokens.mint("mallory", null));
        forged.put("empty groups", Tokens.mint("mallory", List.of()));
        forged.put("oversized (signed, 12 KiB)", Tokens.mint("mallory", groups, b -> b.claim("pad", "x".repeat(12_000))));
        forged.put("garbage", "not.a.jwt");
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, String> t : forged.entrySet()) {
            HttpResponse<String> r = http.get("/api/keys", t.getValue());
            expectProblem(failures, t.getKey(), r, 401, "CUSTOS-70");
        }
        // far beyond the HTTP layer's header limit: refused before the application, still no stack trace
        HttpResponse<String> huge = http.get("/api/keys", Tokens.mint("mallory", groups, b -> b.claim("pad", "y".repeat(200_000))));
        assertThat(huge.statusCode()).isBetween(400, 499);
        assertThat(huge.body()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(failures).isEmpty();
        // the same claims, honestly signed, pass: the rejections above are about the forgery, not the claims
        assertThat(http.get("/api/keys", Tokens.mint("mallory", groups)).statusCode()).isEqualTo(200);
    }

    @Test
    @Order(3)
    void errors_areNumberedProblemJson_andDutiesHoldOverHttp() {
        Http http = http();
        Fixtures f = new Fixtures(http);
        HttpResponse<String> missing = http.get("/api/keys/4000000", Actors.AUDITOR.token());
        assertThat(missing.statusCode()).isEqualTo(404);
        Map<String, Object> p = Json.object(missing.body());
        assertThat(p).containsEntry("status", 404L).containsEntry("code", "CUSTOS-3001")
                .containsEntry("type", "urn:custos:error:3001");
        assertThat((String) p.get("detail")).startsWith("CUSTOS-3001 ");

        HttpResponse<String> badJson = http.call("POST", "/api/keys", Actors.CUSTODIAN.token(), "{\"tenant\":");
        assertThat(badJson.statusCode()).isEqualTo(400);
        assertThat(badJson.body()).contains("CUSTOS-7003").doesNotContain("Exception");
        HttpResponse<String> badClass = http.post("/api/keys", Actors.CUSTODIAN.token(),
                "{\"tenant\":\"acme\",\"dataClass\":\"NOPE\"}");
        assertThat(badClass.statusCode()).isEqualTo(400);
        assertThat(badClass.body()).contains("CUSTOS-7003").contains("dataClass must be one of");
        HttpResponse<String> unknown = http.get("/api/nothing-here", Actors.AUDITOR.token());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");

        // separation of duties over HTTP: a principal holding both roles cannot approve its own request
        String both = Tokens.mint("carol.both", List.of("key-custodian", "security-officer"));
        HttpResponse<String> req = http.post("/api/destructions", both, "{\"kind\":\"KEY\",\"keyId\":" + f.key(true) + "}");
        assertThat(req.statusCode()).as(req.body()).isEqualTo(200);
        long id = Json.num(Json.object(req.body()), "id");
        HttpResponse<String> self = http.post("/api/destructions/" + id + "/approve", both, null);
        assertThat(self.statusCode()).isEqualTo(403);
        assertThat(self.body()).contains("CUSTOS-3106");
        // the same officer cannot count twice
        assertThat(http.post("/api/destructions/" + id + "/approve", Actors.OFFICER.token(), null).statusCode()).isEqualTo(200);
        HttpResponse<String> twice = http.post("/api/destructions/" + id + "/approve", Actors.OFFICER.token(), null);
        assertThat(twice.statusCode()).isEqualTo(409);
        assertThat(twice.body()).contains("CUSTOS-3108");
        // a compromised version cannot be activated: the lifecycle table holds over HTTP
        long key = f.key(true);
        assertThat(http.post("/api/keys/" + key + "/versions/1/revoke", Actors.OFFICER.token(),
                "{\"reason\":\"compromised\"}").statusCode()).isEqualTo(200);
        HttpResponse<String> illegal = http.post("/api/keys/" + key + "/versions/1/activate", Actors.CUSTODIAN.token(), null);
        assertThat(illegal.statusCode()).isEqualTo(409);
        assertThat(illegal.body()).contains("CUSTOS-3102");
        // role denials are audited
        HttpResponse<String> notMine = http.post("/api/keys/" + key + "/rotate", Actors.AUDITOR.token(), null);
        assertThat(notMine.statusCode()).isEqualTo(403);
        assertThat(Json.object(notMine.body()).get("detail")).isEqualTo("CUSTOS-7002 POST /custos-admin-rest/api/keys/"
                + key + "/rotate is not allowed for audrey.auditor: it needs one of the roles key-custodian");
        HttpResponse<String> denied = http.get("/api/audit/events?category=ADMIN&outcome=DENIED&actor=audrey.auditor",
                Actors.AUDITOR.token());
        assertThat(denied.body()).contains("http-denied").contains("/rotate");
    }

    @Test
    @Order(4)
    void policyChange_needsAReason_createsAVersion_andIsAudited() {
        Http http = http();
        String officer = Actors.OFFICER.token();
        long before = Json.num(Json.object(http.get("/api/policy", officer).body()), "version");
        HttpResponse<String> noReason = http.call("PUT", "/api/policy", officer, "{\"document\":{\"policyVersion\":1,\"levels\":{}}}");
        assertThat(noReason.statusCode()).isEqualTo(400);
        assertThat(noReason.body()).contains("reason");
        HttpResponse<String> notAPolicy = http.call("PUT", "/api/policy", officer,
                "{\"document\":{\"hello\":1},\"reason\":\"typo\"}");
        assertThat(notAPolicy.statusCode()).isEqualTo(400);
        assertThat(notAPolicy.body()).contains("policyVersion");
        HttpResponse<String> changed = http.call("PUT", "/api/policy", officer,
                "{\"document\":{\"policyVersion\":1,\"levels\":{\"CRITICAL\":{\"sharedCache\":false}}},"
                        + "\"reason\":\"CAPA-118 isolate critical\","
                        + "\"expectedVersion\":" + before + "}");
        assertThat(changed.statusCode()).as(changed.body()).isEqualTo(200);
        Map<String, Object> v = Json.object(changed.body());
        assertThat(Json.num(v, "version")).isEqualTo(before + 1);
        assertThat(v).containsEntry("changedBy", "oscar.officer").containsEntry("reason", "CAPA-118 isolate critical");
        HttpResponse<String> stale = http.call("PUT", "/api/policy", officer,
                "{\"document\":{\"policyVersion\":1},\"reason\":\"stale\",\"expectedVersion\":" + before + "}");
        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(stale.body()).contains("CUSTOS-7008");
        HttpResponse<String> events = http.get("/api/audit/events?category=POLICY&action=change-policy&size=5",
                Actors.AUDITOR.token());
        Map<String, Object> page = Json.object(events.body());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> list = (List<Map<String, Object>>) page.get("events");
        assertThat(list).isNotEmpty();
        assertThat(list.get(0)).containsEntry("actor", "oscar.officer").containsEntry("purpose", "CAPA-118 isolate critical");
        @SuppressWarnings("unchecked")
        Map<String, Object> details = (Map<String, Object>) list.get(0).get("details");
        assertThat(details).containsEntry("version", Long.toString(before + 1)).containsKey("sha256");
    }

    @Test
    @Order(5)
    void audit_queryPagesFilters_verifiesIntact_andExportsAVerifiablePack() throws IOException {
        Http http = http();
        String auditor = Actors.AUDITOR.token();
        long key = new Fixtures(http).key(true);
        http.post("/api/keys/" + key + "/rotate", Actors.CUSTODIAN.token(), null);
        Map<String, Object> page0 = Json.object(http.get("/api/audit/events?size=3&page=0", auditor).body());
        Map<String, Object> page1 = Json.object(http.get("/api/audit/events?size=3&page=1", auditor).body());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> e0 = (List<Map<String, Object>>) page0.get("events");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> e1 = (List<Map<String, Object>>) page1.get("events");
        assertThat(e0).hasSize(3);
        assertThat(page0).containsEntry("more", true);
        assertThat(Json.num(e0.get(2), "seq")).isGreaterThan(Json.num(e1.get(0), "seq"));
        long cursor = Json.num(page0, "nextBeforeSeq");
        assertThat(cursor).isEqualTo(Json.num(e0.get(2), "seq"));
        Map<String, Object> byCursor = Json.object(http.get("/api/audit/events?size=3&beforeSeq=" + cursor, auditor).body());
        assertThat(byCursor.get("events")).isEqualTo(page1.get("events"));
        String rotations = http.get("/api/audit/events?category=KEY&action=rotate&actor=alice.custodian", auditor).body();
        assertThat(rotations).contains("\"action\":\"rotate\"").doesNotContain("\"action\":\"create-key\"");
        assertThat(http.get("/api/audit/events?category=NOPE", auditor).statusCode()).isEqualTo(400);

        Map<String, Object> verdict = Json.object(http.post("/api/audit/verify", auditor, null).body());
        assertThat(verdict).containsEntry("intact", true);
        assertThat((String) verdict.get("verdict")).contains("VERDICT: INTACT");
        assertThat(Json.num(verdict, "eventsChecked")).isGreaterThan(10);

        String range = "from=" + Instant.now().minusSeconds(3600) + "&to=" + Instant.now().plusSeconds(60);
        HttpResponse<byte[]> zip = http.getBytes("/api/audit/export?" + range, auditor);
        assertThat(zip.statusCode()).isEqualTo(200);
        Path dir = Files.createTempDirectory(Deployments.WORK, "pack-");
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.body()))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                Path out = dir.resolve(Path.of(entry.getName()).getFileName().toString());
                Files.copy(in, out);
            }
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .contains("manifest.json", "manifest.sig", "events.jsonl", "checkpoints.jsonl", "proofs.json",
                            "public-key.pem");
        }
        io.custos.audit.verify.VerificationReport offline = io.custos.audit.verify.PackVerifier.verify(dir, null);
        assertThat(offline.intact()).as(offline.verdict()).isTrue();
        assertThat(offline.eventsChecked()).isGreaterThan(0);

        Map<String, Object> reads = Json.object(http.get("/api/audit/reads", auditor).body());
        assertThat((List<?>) reads.get("buckets")).hasSize(24);
    }

    @Test
    @Order(10)
    void maintenance_executesAnApprovedDueDestructionInTheBackground() throws InterruptedException {
        Http http = http();
        long key = new Fixtures(http).key(true);
        HttpResponse<String> req = http.post("/api/destructions", Actors.CUSTODIAN.token(),
                "{\"kind\":\"KEY\",\"keyId\":" + key + ",\"waitingDays\":0}");
        assertThat(req.statusCode()).as(req.body()).isEqualTo(200);
        long id = Json.num(Json.object(req.body()), "id");
        // not executed while approvals are missing, even though it is due
        Thread.sleep(2500);
        assertThat(http.get("/api/destructions/" + id, Actors.AUDITOR.token()).body()).contains("\"status\":\"PENDING\"");
        for (Actors officer : new Actors[] {Actors.OFFICER, Actors.OFFICER2}) {
            assertThat(http.post("/api/destructions/" + id + "/approve", officer.token(), null).statusCode()).isEqualTo(200);
        }
        String status = "";
        for (int i = 0; i < 60 && !status.contains("\"status\":\"EXECUTED\""); i++) {
            Thread.sleep(500);
            status = http.get("/api/destructions/" + id, Actors.AUDITOR.token()).body();
        }
        assertThat(status).contains("\"status\":\"EXECUTED\"").contains("\"decidedBy\":\"system\"");
        Map<String, Object> shredded = Json.object(http.get("/api/keys/" + key, Actors.AUDITOR.token()).body());
        assertThat(shredded).containsEntry("shredded", true).containsEntry("state", "destroyed");
        assertThat(http.post("/api/keys/" + key + "/rotate", Actors.CUSTODIAN.token(), null).body()).contains("CUSTOS-3003");
    }

    @Test
    @Order(6)
    void openApiHealthAndMetrics_areServed() {
        Http root = root();
        HttpResponse<String> openapi = root.get("/openapi", null);
        assertThat(openapi.statusCode()).isEqualTo(200);
        for (String path : List.of("/keys/{id}/rotate", "/destructions/{id}/approve", "/audit/verify", "/audit/export",
                "/policy", "/jobs/{id}/pause", "/grants/{id}/revoke", "/restores/{id}/shares", "/backups")) {
            assertThat(openapi.body()).as("OpenAPI path " + path).contains(path);
        }
        assertThat(openapi.body()).contains("bearer").contains("Custos admin API");
        // the matrix covers exactly the operations the server publishes: none undocumented, none untested
        HttpResponse<String> json = root.call("GET", "/openapi?format=JSON", null, null);
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) Json.object(json.body()).get("paths");
        java.util.Set<String> published = new java.util.TreeSet<>();
        paths.forEach((path, ops) -> ops.keySet().stream().filter(m -> m.matches("get|put|post|delete|patch"))
                .forEach(m -> published.add(m.toUpperCase(java.util.Locale.ROOT) + " " + path.replaceAll("\\{[^}]+}", "{}"))));
        java.util.Set<String> tested = new java.util.TreeSet<>();
        Endpoints.all(new Fixtures(http())).forEach(e -> tested.add(e.method() + " " + e.template().replaceAll("\\{[^}]+}", "{}")));
        assertThat(published).isEqualTo(tested);
        HttpResponse<String> ready = root.get("/health/ready", null);
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(ready.body()).contains("custos-admin").contains("\"keyStore\":\"UP\"").contains("\"auditStore\":\"UP\"");
        HttpResponse<String> live = root.get("/health/live", null);
        assertThat(live.statusCode()).isEqualTo(200);
        HttpResponse<String> metrics = root.get("/metrics?scope=application", null);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("custos_admin_keys");
    }

    @Test
    @Order(7)
    void console_inHeadlessChromium_signsInRotatesAKeyAndVerifiesTheLog() throws Exception {
        new ConsoleChecks(http()).run();
    }

    @Test
    @Order(8)
    void load_50ConcurrentClients_allAnswersCorrect() throws Exception {
        LoadRun.Result r = new LoadRun(http(), 50, Long.getLong("custos.admin.load.seconds", 8)).run();
        assertThat(r.errors()).as(r.firstError()).isZero();
        assertThat(r.requests()).isGreaterThan(50);
    }

    @Test
    @Order(9)
    void noResponse_everCarriedKeyMaterialOrAShare() throws IOException {
        List<String> shares = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Deployments.BACKUPS)) {
            for (Path p : files.filter(p -> p.getFileName().toString().startsWith("share-")).toList()) {
                String text = Files.readString(p).strip();
                shares.add(text.substring(text.lastIndexOf(':') + 1));
            }
        }
        assertThat(shares).as("the matrix made backups").isNotEmpty();
        assertThat(Http.BODIES).hasSizeGreaterThan(200);
        for (String body : Http.BODIES) {
            for (String share : shares) {
                assertThat(body).doesNotContain(share);
            }
            assertThat(body).doesNotContainIgnoringCase("\"material\"").doesNotContain("\"sealed\"")
                    .doesNotContain("custos-share:").doesNotContain("PRIVATE KEY");
        }
    }

}
