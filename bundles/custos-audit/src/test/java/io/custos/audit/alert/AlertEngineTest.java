package io.custos.audit.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.custos.api.KeyReference;
import io.custos.api.Secret;
import io.custos.api.error.ConfigurationException;
import io.custos.audit.AuditConfig;
import io.custos.audit.AuditRecorder;
import io.custos.audit.spi.AlertSink;
import io.custos.audit.testing.Databases;
import io.custos.audit.testing.Events;
import io.custos.audit.testing.TestSigner;
import io.custos.spi.AuditEvent;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class AlertEngineTest {
    private static final Instant T0 = Instant.parse("2026-11-30T08:00:00Z");
    private final List<Alert> alerts = new CopyOnWriteArrayList<>();
    private final AlertSink collector = new AlertSink() {
        @Override
        public String id() {
            return "collector";
        }

        @Override
        public void publish(Alert alert) {
            alerts.add(alert);
        }
    };

    private AlertEngine engine(Map<String, String> props) throws ConfigurationException {
        return new AlertEngine(AlertSettings.fromProperties(props), List.of(collector), Runnable::run);
    }

    private static AuditEvent read(String actor, Instant t, String level) {
        return new AuditEvent(t, ZoneId.of("UTC"), actor, AuditEvent.Category.DATA_ACCESS, "decrypt",
                AuditEvent.Outcome.SUCCESS, "t1", "PATIENT.NAME", "1", null, null, Map.of("level", level));
    }

    @Test
    void restrictedReads_aboveThresholdInWindow_fireOncePerWindow() throws Exception {
        AlertEngine e = engine(Map.of("custos.alert.restricted-reads.threshold", "3",
                "custos.alert.restricted-reads.window-minutes", "10"));
        for (int i = 0; i < 6; i++) {
            e.accept(read("alice", T0.plusSeconds(60L * i), "CRITICAL"));
        }
        for (int i = 0; i < 3; i++) {
            e.accept(read("bob", T0.plusSeconds(60L * i), "RESTRICTED"));
        }
        for (int i = 0; i < 10; i++) {
            e.accept(read("carol", T0.plusSeconds(60L * i), "INTERNAL"));
        }
        assertThat(alerts).hasSize(1);
        Alert a = alerts.get(0);
        assertThat(a.rule()).isEqualTo("restricted-reads");
        assertThat(a.actor()).isEqualTo("alice");
        assertThat(a.details()).containsEntry("count", "4").containsEntry("threshold", "3");
    }

    @Test
    void restrictedReads_spreadBeyondTheWindow_doNotFire() throws Exception {
        AlertEngine e = engine(Map.of("custos.alert.restricted-reads.threshold", "3",
                "custos.alert.restricted-reads.window-minutes", "10"));
        for (int i = 0; i < 8; i++) {
            e.accept(read("alice", T0.plusSeconds(6L * 60 * i), "CRITICAL"));
        }
        assertThat(alerts).isEmpty();
    }

    @Test
    void denials_repeated_fireForThatActor() throws Exception {
        AlertEngine e = engine(Map.of("custos.alert.denials.threshold", "2"));
        for (int i = 0; i < 3; i++) {
            e.accept(new AuditEvent(T0.plusSeconds(i), ZoneId.of("UTC"), "mallory", AuditEvent.Category.DATA_ACCESS,
                    "decrypt", AuditEvent.Outcome.DENIED, "t1", "FORMULA.RECIPE", "9", null, null, Map.of()));
        }
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.rule()).isEqualTo("denials");
            assertThat(a.actor()).isEqualTo("mallory");
        });
    }

    @Test
    void keyDestroyedOrCompromised_fireCriticalAtOnce() throws Exception {
        AlertEngine e = engine(Map.of());
        e.accept(AuditEvent.now("custodian", AuditEvent.Category.KEY, "destroy", AuditEvent.Outcome.SUCCESS)
                .withKey(new KeyReference(12, 2)));
        e.accept(AuditEvent.now("custodian", AuditEvent.Category.KEY, "rotate", AuditEvent.Outcome.SUCCESS));
        e.accept(AuditEvent.now("secadmin", AuditEvent.Category.KEY, "mark-compromised", AuditEvent.Outcome.SUCCESS)
                .withTarget("t1", "key 5", null));
        assertThat(alerts).extracting(Alert::rule).containsExactly("key-event", "key-event");
        assertThat(alerts.get(0).severity()).isEqualTo(Alert.Severity.CRITICAL);
        assertThat(alerts.get(0).details()).containsEntry("keyId", "12").containsEntry("keyVersion", "2");
    }

    @Test
    void rules_disabledByConfig_stayQuiet() throws Exception {
        AlertEngine e = engine(Map.of("custos.alert.key-events.enabled", "false"));
        e.accept(AuditEvent.now("custodian", AuditEvent.Category.KEY, "destroy", AuditEvent.Outcome.SUCCESS));
        assertThat(alerts).isEmpty();
    }

    @Test
    void failedVerification_ofATamperedLog_firesCriticalAlert() throws Exception {
        DataSource ds = Databases.h2();
        try (AuditRecorder r = AuditRecorder.start(ds, new TestSigner(), AuditConfig.defaults().withCheckpoints(5, Duration.ZERO))) {
            r.addListener(engine(Map.of()));
            for (int i = 0; i < 12; i++) {
                r.record(Events.read("alice", i));
            }
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("DELETE FROM custos_audit_event WHERE seq = 3");
            }
            assertThat(r.verify().intact()).isFalse();
        }
        assertThat(alerts).singleElement().satisfies(a -> {
            assertThat(a.rule()).isEqualTo("verification-failed");
            assertThat(a.summary()).contains("position 3");
        });
    }

    @Test
    void webhook_deliversSignedJsonToLocalServer() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        List<String> bodies = new CopyOnWriteArrayList<>();
        List<String> signatures = new CopyOnWriteArrayList<>();
        server.createContext("/alerts", ex -> {
            bodies.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            signatures.add(ex.getRequestHeaders().getFirst("X-Custos-Signature"));
            ex.sendResponseHeaders(204, -1);
            ex.close();
        });
        server.start();
        try {
            byte[] key = "webhook-shared-secret-0123456789".getBytes(StandardCharsets.UTF_8);
            URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/alerts");
            WebhookAlertSink sink = new WebhookAlertSink(url, Duration.ofSeconds(5), Secret.copyOf(key));
            AlertEngine e = new AlertEngine(AlertSettings.defaults(), List.of(sink), Runnable::run);
            e.accept(AuditEvent.now("custodian", AuditEvent.Category.KEY, "shred", AuditEvent.Outcome.SUCCESS)
                    .withKey(new KeyReference(4, 1)));
            assertThat(bodies).singleElement().satisfies(b -> assertThat(b)
                    .startsWith("{\"rule\":\"key-event\",\"severity\":\"CRITICAL\"").contains("\"keyId\":\"4\""));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(bodies.get(0).getBytes(StandardCharsets.UTF_8)));
            assertThat(signatures).containsExactly(expected);
            assertThat(sink.toString()).doesNotContain("webhook-shared-secret");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void webhook_serverError_isLoggedAsDeliveryFailureAndOtherSinksStillRun() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            ex.getRequestBody().readAllBytes();
            ex.sendResponseHeaders(503, -1);
            ex.close();
        });
        server.start();
        List<String> logged = new ArrayList<>();
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                logged.add(r.getMessage());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger log = Logger.getLogger(AlertEngine.class.getName());
        log.addHandler(h);
        try {
            WebhookAlertSink sink = new WebhookAlertSink(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/"),
                    Duration.ofSeconds(5), null);
            AlertEngine e = new AlertEngine(AlertSettings.defaults(), List.of(sink, collector), Runnable::run);
            e.accept(AuditEvent.now("custodian", AuditEvent.Category.KEY, "destroy", AuditEvent.Outcome.SUCCESS));
            assertThat(logged).anySatisfy(m -> assertThat(m).startsWith("CUSTOS-5007").contains("webhook").contains("503"));
            assertThat(alerts).hasSize(1);
        } finally {
            log.removeHandler(h);
            server.stop(0);
        }
    }

    @Test
    void fromProperties_sinksAndBadValues() throws Exception {
        try (AlertEngine ok = AlertEngine.fromProperties(Map.of("custos.alert.sinks", "log,webhook",
                "custos.alert.webhook.url", "http://127.0.0.1:9/hook"), List.of())) {
            assertThat(ok).isNotNull();
        }
        assertThatThrownBy(() -> AlertEngine.fromProperties(Map.of("custos.alert.sinks", "pager"), List.of()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("custos.alert.sinks");
        assertThatThrownBy(() -> AlertEngine.fromProperties(Map.of("custos.alert.sinks", "webhook"), List.of()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("custos.alert.webhook.url");
        assertThatThrownBy(() -> AlertSettings.fromProperties(Map.of("custos.alert.denials.threshold", "many")))
                .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("CUSTOS-1002");
        assertThatThrownBy(() -> AlertEngine.fromProperties(Map.of("custos.alert.sinks", "webhook",
                "custos.alert.webhook.url", "http://127.0.0.1:9/hook", "custos.alert.webhook.secret", "literal"), List.of()))
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("reference");
    }
}
