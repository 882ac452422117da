package io.custos.admin.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.util.List;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(ArquillianExtension.class)
@RunAsClient
class SmokeIT {
    @Deployment(testable = false)
    static WebArchive deployment() {
        return Deployments.adminWar();
    }

    @ArquillianResource
    URL base;

    @Test
    void smoke() {
        Http http = new Http(base.toString());
        var r = http.get("/api/keys", Tokens.mint("audrey", List.of("auditor")));
        System.out.println("BASE " + base + " -> " + r.statusCode() + " " + r.body());
        var n = http.get("/api/keys", null);
        System.out.println("no token -> " + n.statusCode() + " " + n.headers().map() + " " + n.body());
        var c = http.post("/api/keys", Tokens.mint("alice", List.of("key-custodian")),
                "{\"tenant\":\"acme\",\"dataClass\":\"CUSTOMER\"}");
        System.out.println("create -> " + c.statusCode() + " " + c.body());
        var none = http.get("/api/keys", Tokens.unsigned("audrey", List.of("auditor")));
        System.out.println("alg none -> " + none.statusCode() + " " + none.body());
        var nbf = http.get("/api/keys", Tokens.mint("audrey", List.of("auditor"),
                b -> b.notBeforeTime(java.util.Date.from(java.time.Instant.now().plusSeconds(600)))));
        System.out.println("nbf -> " + nbf.statusCode() + " " + nbf.body());
        var ng = http.get("/api/keys", Tokens.mint("audrey", null));
        System.out.println("no groups -> " + ng.statusCode() + " " + ng.body());
        var h = http.get("/health/ready", null);
        System.out.println("health -> " + h.statusCode() + " " + h.body());
        var m = http.get("/metrics", null);
        System.out.println("metrics -> " + m.statusCode() + " " + (m.body().contains("custos_admin") ? "has custos" : m.body().substring(0, Math.min(300, m.body().length()))));
        var o = http.get("/openapi", null);
        System.out.println("openapi -> " + o.statusCode() + " " + o.body().substring(0, Math.min(1500, o.body().length())));
        assertThat(r.statusCode()).isEqualTo(200);
    }
}
