package io.custos.audit.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custos.api.KeyReference;
import io.custos.spi.AuditEvent;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanonicalEventTest {
    private static final AuditEvent EVENT = new AuditEvent(Instant.parse("2026-11-30T01:15:53.123456789Z"),
            ZoneId.of("Asia/Shanghai"), "alice \"the\" admin\\", AuditEvent.Category.DATA_ACCESS, "decrypt",
            AuditEvent.Outcome.SUCCESS, "t1", "PATIENT.NAME", "42", new KeyReference(7, 3), "治疗\n",
            Map.of("z", "1", "a.b", "x\u0001y"));

    @Test
    void encode_knownEvent_givesTheDocumentedLine() {
        assertThat(CanonicalEvent.encode(5, CanonicalEvent.NO_PREVIOUS, EVENT)).isEqualTo(
                "{\"seq\":5,\"prev\":\"" + "0".repeat(64) + "\",\"time\":\"2026-11-30T01:15:53.123456Z\","
                        + "\"zone\":\"Asia/Shanghai\",\"actor\":\"alice \\\"the\\\" admin\\\\\",\"category\":\"DATA_ACCESS\","
                        + "\"action\":\"decrypt\",\"outcome\":\"SUCCESS\",\"tenant\":\"t1\",\"target\":\"PATIENT.NAME\","
                        + "\"row\":\"42\",\"key\":{\"id\":7,\"version\":3},\"purpose\":\"治疗\\u000a\","
                        + "\"details\":{\"a.b\":\"x\\u0001y\",\"z\":\"1\"}}");
    }

    @Test
    void parse_canonicalLine_roundTrips() {
        String line = CanonicalEvent.encode(9, TreeHash.leaf(new byte[] {1}), EVENT);
        CanonicalEvent.Logged logged = CanonicalEvent.parse(line);
        assertThat(logged.seq()).isEqualTo(9);
        assertThat(logged.event().actor()).isEqualTo(EVENT.actor());
        assertThat(logged.event().time()).isEqualTo(Instant.parse("2026-11-30T01:15:53.123456Z"));
        assertThat(logged.event().details()).isEqualTo(EVENT.details());
        assertThat(CanonicalEvent.encode(9, logged.prev(), logged.event())).isEqualTo(line);
    }

    @Test
    void parse_nullsAndEmptyDetails_roundTrip() {
        AuditEvent bare = new AuditEvent(Instant.parse("2026-01-01T00:00:00Z"), ZoneId.of("UTC"), "system",
                AuditEvent.Category.AUDIT, "verify", AuditEvent.Outcome.FAILED, null, null, null, null, null, Map.of());
        String line = CanonicalEvent.encode(0, CanonicalEvent.NO_PREVIOUS, bare);
        assertThat(line).contains("\"tenant\":null").contains("\"key\":null").endsWith("\"details\":{}}");
        assertThat(CanonicalEvent.parse(line).event()).isEqualTo(bare);
    }

    @Test
    void parse_nonCanonicalVariants_areRejected() {
        String line = CanonicalEvent.encode(1, CanonicalEvent.NO_PREVIOUS, EVENT);
        assertThatThrownBy(() -> CanonicalEvent.parse(line.replace("{\"seq\":1,", "{\"seq\": 1,")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CanonicalEvent.parse(line.replace("\"a.b\":\"x\\u0001y\",\"z\":\"1\"", "\"z\":\"1\",\"a.b\":\"x\\u0001y\"")))
                .hasMessageContaining("canonical");
        assertThatThrownBy(() -> CanonicalEvent.parse(line.replace("\\u000a", "\\n"))).hasMessageContaining("canonical");
        assertThatThrownBy(() -> CanonicalEvent.parse(line.replace(".123456Z", ".123Z"))).hasMessageContaining("canonical");
        assertThatThrownBy(() -> CanonicalEvent.parse(line + " ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CanonicalEvent.parse(line.replace("\"row\":\"42\",", ""))).hasMessageContaining("fields");
    }

    @Test
    void encode_badDetailKey_isRejected() {
        assertThatThrownBy(() -> CanonicalEvent.encode(0, CanonicalEvent.NO_PREVIOUS, EVENT.withDetails(Map.of("a b", "1"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void checkpoint_noteAndJson_roundTripAndSignatureBindsEveryField() throws Exception {
        java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("EC");
        g.initialize(256);
        java.security.KeyPair kp = g.generateKeyPair();
        Checkpoint c = new Checkpoint("custos-audit", 42, TreeHash.leaf(new byte[] {1}), Instant.parse("2026-11-30T01:00:00Z"), null);
        java.security.Signature s = java.security.Signature.getInstance("SHA256withECDSA");
        s.initSign(kp.getPrivate());
        s.update(c.noteBytes());
        Checkpoint signed = c.withSignature(s.sign());
        assertThat(signed.note()).isEqualTo("custos-audit-checkpoint/v1\nlog: custos-audit\nsize: 42\nroot: "
                + TreeHash.hex(TreeHash.leaf(new byte[] {1})) + "\ntime: 2026-11-30T01:00:00Z\n");
        Checkpoint back = Checkpoint.fromJson(signed.toJson());
        assertThat(back).isEqualTo(signed);
        assertThat(back.verify(kp.getPublic(), "SHA256withECDSA")).isTrue();
        assertThat(new Checkpoint("other-log", 42, back.root(), back.time(), back.signature()).verify(kp.getPublic(), "SHA256withECDSA")).isFalse();
        assertThat(new Checkpoint("custos-audit", 43, back.root(), back.time(), back.signature()).verify(kp.getPublic(), "SHA256withECDSA")).isFalse();
        assertThat(new Checkpoint("custos-audit", 42, back.root(), back.time().plusSeconds(1), back.signature())
                .verify(kp.getPublic(), "SHA256withECDSA")).isFalse();
    }
}
