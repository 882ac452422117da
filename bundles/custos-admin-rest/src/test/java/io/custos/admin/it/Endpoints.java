package io.custos.admin.it;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Every endpoint of the API with the roles allowed to call it and the statuses an allowed caller gets. This is
 * the table of {@code docs/admin-api.md}; the matrix test calls each one as every role and without a token.
 */
final class Endpoints {
    static final String CUSTODIAN = "key-custodian";
    static final String OFFICER = "security-officer";
    static final String AUDITOR = "auditor";
    static final String OPERATOR = "data-operator";
    static final Set<String> READERS = Set.of(AUDITOR, CUSTODIAN, OFFICER);

    /** One row of the table; {@code path} and {@code body} are evaluated just before each call. */
    record Endpoint(String method, String template, Supplier<String> path, Supplier<String> body,
                    Set<String> allowed, Set<Integer> expected) {
    }

    private Endpoints() {
    }

    static List<Endpoint> all(Fixtures f) {
        List<Endpoint> e = new ArrayList<>();
        Supplier<String> none = () -> null;
        String day = "from=" + Instant.now().minus(1, ChronoUnit.HOURS) + "&to=" + Instant.now().plus(1, ChronoUnit.HOURS);
        e.add(new Endpoint("GET", "/api/me", () -> "/api/me", none,
                Set.of(AUDITOR, CUSTODIAN, OFFICER, OPERATOR), Set.of(200)));
        e.add(new Endpoint("GET", "/api/keys", () -> "/api/keys", none, READERS, Set.of(200)));
        e.add(new Endpoint("GET", "/api/keys/{id}", () -> "/api/keys/" + f.key(true), none, READERS, Set.of(200)));
        e.add(new Endpoint("POST", "/api/keys", () -> "/api/keys",
                () -> "{\"tenant\":\"matrix\",\"dataClass\":\"FINANCIAL\",\"usage\":\"BLIND_INDEX\"}",
                Set.of(CUSTODIAN), Set.of(200)));
        e.add(new Endpoint("POST", "/api/keys/{id}/rotate", () -> "/api/keys/" + f.key(true) + "/rotate", none,
                Set.of(CUSTODIAN), Set.of(200)));
        e.add(new Endpoint("POST", "/api/keys/rotate-due", () -> "/api/keys/rotate-due", none,
                Set.of(CUSTODIAN), Set.of(200)));
        e.add(new Endpoint("POST", "/api/keys/kek/rotate", () -> "/api/keys/kek/rotate",
                () -> "{\"tenant\":\"matrix\",\"dataClass\":\"CUSTOMER\"}", Set.of(CUSTODIAN), Set.of(200)));
        e.add(new Endpoint("POST", "/api/keys/{id}/versions/{v}/activate",
                () -> "/api/keys/" + f.key(false) + "/versions/1/activate", none, Set.of(CUSTODIAN), Set.of(200)));
        e.add(new Endpoint("POST", "/api/keys/{id}/versions/{v}/revoke",
                () -> "/api/keys/" + f.key(true) + "/versions/1/revoke", () -> "{\"reason\":\"compromised\"}",
                Set.of(CUSTODIAN, OFFICER), Set.of(200)));
        e.add(new Endpoint("POST", "/api/keys/{id}/minimum-version",
                () -> "/api/keys/" + f.key(true) + "/minimum-version", () -> "{\"version\":1}",
                Set.of(CUSTODIAN), Set.of(200)));
        e.add(new Endpoint("GET", "/api/destructions", () -> "/api/destructions?status=PENDING", none, READERS,
                Set.of(200)));
        e.add(new Endpoint("GET", "/api/destructions/{id}", () -> "/api/destructions/" + f.destruction(), none,
                READERS, Set.of(200)));
        e.add(new Endpoint("POST", "/api/destructions", () -> "/api/destructions",
                () -> "{\"kind\":\"KEY\",\"keyId\":" + f.key(true) + ",\"waitingDays\":30}",
                Set.of(CUSTODIAN), Set.of(200)));
        e.add(new Endpoint("POST", "/api/destructions/{id}/approve",
                () -> "/api/destructions/" + f.destruction() + "/approve", none, Set.of(OFFICER), Set.of(200)));
        e.add(new Endpoint("POST", "/api/destructions/{id}/cancel",
                () -> "/api/destructions/" + f.destruction() + "/cancel", none, Set.of(OFFICER, CUSTODIAN),
                Set.of(200)));
        // approved by two officers but inside its 30-day waiting period: CUSTOS-3108
        e.add(new Endpoint("POST", "/api/destructions/{id}/execute",
                () -> "/api/destructions/" + f.approvedDestruction() + "/execute", none, Set.of(OFFICER),
                Set.of(409)));
        e.add(new Endpoint("POST", "/api/backups", () -> "/api/backups", () -> "{\"shares\":3,\"threshold\":2}",
                Set.of(CUSTODIAN), Set.of(200)));
        e.add(new Endpoint("GET", "/api/restores", () -> "/api/restores", none, READERS, Set.of(200)));
        // the store holds keys, so a restore is refused: CUSTOS-3112
        e.add(new Endpoint("POST", "/api/restores", () -> "/api/restores",
                () -> "{\"backupId\":\"" + f.backup() + "\"}", Set.of(CUSTODIAN), Set.of(409)));
        e.add(new Endpoint("POST", "/api/restores/{id}/approve", () -> "/api/restores/none/approve", none,
                Set.of(OFFICER), Set.of(404)));
        e.add(new Endpoint("POST", "/api/restores/{id}/shares", () -> "/api/restores/none/shares",
                () -> "{\"share\":\"custos-share:x:1:2:AAAA\"}", Set.of(CUSTODIAN), Set.of(404)));
        e.add(new Endpoint("POST", "/api/restores/{id}/complete", () -> "/api/restores/none/complete", none,
                Set.of(CUSTODIAN), Set.of(404)));
        e.add(new Endpoint("POST", "/api/restores/{id}/cancel", () -> "/api/restores/none/cancel", none,
                Set.of(CUSTODIAN, OFFICER), Set.of(404)));
        e.add(new Endpoint("GET", "/api/grants", () -> "/api/grants", none, READERS, Set.of(200)));
        e.add(new Endpoint("POST", "/api/grants", () -> "/api/grants",
                () -> "{\"tenant\":\"matrix\",\"dataClass\":\"DEVICE_SERIAL\",\"device\":\"d1\",\"lifetimeMinutes\":30}",
                Set.of(CUSTODIAN), Set.of(200)));
        e.add(new Endpoint("POST", "/api/grants/{id}/revoke", () -> "/api/grants/" + f.grant() + "/revoke", none,
                Set.of(OFFICER), Set.of(200)));
        e.add(new Endpoint("GET", "/api/policy", () -> "/api/policy", none, READERS, Set.of(200)));
        e.add(new Endpoint("GET", "/api/policy/history", () -> "/api/policy/history", none, Set.of(AUDITOR, OFFICER),
                Set.of(200)));
        e.add(new Endpoint("PUT", "/api/policy", () -> "/api/policy",
                () -> "{\"document\":{\"policyVersion\":1,\"entities\":{\"Patient\":{\"name\":{\"class\":\"PATIENT_CLINICAL\"}}}},"
                        + "\"reason\":\"matrix run\"}", Set.of(OFFICER), Set.of(200)));
        e.add(new Endpoint("GET", "/api/jobs", () -> "/api/jobs", none, READERS, Set.of(200)));
        // no custos-rotation implementation is deployed: CUSTOS-7005
        e.add(new Endpoint("GET", "/api/jobs/{id}", () -> "/api/jobs/j1", none, READERS, Set.of(503)));
        e.add(new Endpoint("POST", "/api/jobs", () -> "/api/jobs", () -> "{\"keyId\":1,\"reason\":\"after rotation\"}",
                Set.of(CUSTODIAN), Set.of(503)));
        e.add(new Endpoint("POST", "/api/jobs/{id}/pause", () -> "/api/jobs/j1/pause", none, Set.of(CUSTODIAN, OFFICER),
                Set.of(503)));
        e.add(new Endpoint("POST", "/api/jobs/{id}/resume", () -> "/api/jobs/j1/resume", none, Set.of(CUSTODIAN),
                Set.of(503)));
        e.add(new Endpoint("POST", "/api/jobs/{id}/throttle", () -> "/api/jobs/j1/throttle",
                () -> "{\"rowsPerSecond\":100}", Set.of(CUSTODIAN, OFFICER), Set.of(503)));
        e.add(new Endpoint("POST", "/api/jobs/{id}/cancel", () -> "/api/jobs/j1/cancel", none, Set.of(CUSTODIAN, OFFICER),
                Set.of(503)));
        e.add(new Endpoint("GET", "/api/audit/events", () -> "/api/audit/events?size=5", none, Set.of(AUDITOR, OFFICER),
                Set.of(200)));
        e.add(new Endpoint("POST", "/api/audit/verify", () -> "/api/audit/verify", none, Set.of(AUDITOR, OFFICER),
                Set.of(200)));
        e.add(new Endpoint("GET", "/api/audit/export", () -> "/api/audit/export?" + day, none, Set.of(AUDITOR),
                Set.of(200)));
        e.add(new Endpoint("GET", "/api/audit/reads", () -> "/api/audit/reads", none, Set.of(AUDITOR, OFFICER),
                Set.of(200)));
        return e;
    }
}
