package io.custos.admin.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** Fresh keys, requests and grants made through the API itself, so each matrix call meets a valid target. */
final class Fixtures {
    private static final AtomicInteger SEQ = new AtomicInteger();
    private final Http http;

    Fixtures(Http http) {
        this.http = http;
    }

    long key(boolean activate) {
        String subject = "subject-" + SEQ.incrementAndGet();
        HttpResponse<String> r = http.post("/api/keys", Actors.CUSTODIAN.token(), "{\"tenant\":\"matrix\","
                + "\"dataClass\":\"CUSTOMER\",\"subject\":\"" + subject + "\",\"activate\":" + activate + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.num(Json.object(r.body()), "keyId");
    }

    long destruction() {
        HttpResponse<String> r = http.post("/api/destructions", Actors.CUSTODIAN.token(),
                "{\"kind\":\"KEY\",\"keyId\":" + key(true) + ",\"waitingDays\":30}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.num(Json.object(r.body()), "id");
    }

    long approvedDestruction() {
        long id = destruction();
        for (Actors officer : new Actors[] {Actors.OFFICER, Actors.OFFICER2}) {
            HttpResponse<String> r = http.post("/api/destructions/" + id + "/approve", officer.token(), null);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
        return id;
    }

    String grant() {
        HttpResponse<String> r = http.post("/api/grants", Actors.CUSTODIAN.token(),
                "{\"tenant\":\"matrix\",\"dataClass\":\"DEVICE_SERIAL\",\"device\":\"line-3-scanner\",\"lifetimeMinutes\":60}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        @SuppressWarnings("unchecked")
        Map<String, Object> grant = (Map<String, Object>) Json.object(r.body()).get("grant");
        return (String) grant.get("grantId");
    }

    String backup() {
        HttpResponse<String> r = http.post("/api/backups", Actors.CUSTODIAN.token(), "{\"shares\":3,\"threshold\":2}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return (String) Json.object(r.body()).get("backupId");
    }
}
