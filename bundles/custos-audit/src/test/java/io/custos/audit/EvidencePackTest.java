package io.custos.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.custos.audit.testing.Databases;
import io.custos.audit.testing.Events;
import io.custos.audit.testing.TestSigner;
import io.custos.audit.verify.Checkpoint;
import io.custos.audit.verify.EvidencePack;
import io.custos.audit.verify.PackVerifier;
import io.custos.audit.verify.VerificationReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Export for a time range, offline verification, and every kind of tampering with an exported pack. */
class EvidencePackTest {
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    @TempDir
    Path tmp;
    private TestSigner signer;
    private AuditRecorder recorder;
    private Path pack;

    @BeforeEach
    void export() throws Exception {
        DataSource ds = Databases.h2();
        signer = new TestSigner();
        recorder = AuditRecorder.start(ds, signer, AuditConfig.defaults().withCheckpoints(16, Duration.ZERO));
        for (int i = 0; i < 100; i++) {
            recorder.record(Events.at(T0.plusSeconds(i * 60L), "alice", i));
        }
        // events 20 .. 69 (minutes 20 to 69)
        pack = tmp.resolve("pack");
        EvidencePack.Manifest m = recorder.exportPack(T0.plusSeconds(20 * 60), T0.plusSeconds(70 * 60), pack);
        assertThat(m.firstSeq()).isEqualTo(20);
        assertThat(m.endSeq()).isEqualTo(70);
    }

    @AfterEach
    void stop() {
        recorder.close();
    }

    private List<String> lines() throws Exception {
        return new ArrayList<>(Files.readAllLines(pack.resolve(EvidencePack.EVENTS), StandardCharsets.UTF_8));
    }

    private void write(List<String> lines) throws Exception {
        Files.writeString(pack.resolve(EvidencePack.EVENTS), String.join("\n", lines) + (lines.isEmpty() ? "" : "\n"),
                StandardCharsets.UTF_8);
    }

    private VerificationReport verify() {
        return PackVerifier.verify(pack, signer.signingPublicKey());
    }

    @Test
    void verify_untouchedPack_isIntact() {
        VerificationReport r = verify();
        assertThat(r.intact()).as(r.verdict()).isTrue();
        assertThat(r.eventsChecked()).isEqualTo(50);
        assertThat(r.checkpointsVerified()).isGreaterThanOrEqualTo(3);
        assertThat(r.proofsVerified()).isGreaterThanOrEqualTo(3);
        assertThat(r.verdict()).contains("VERDICT: INTACT").contains("fingerprint SHA256:");
    }

    @Test
    void verify_packWithoutPinnedKey_isIntactAndPrintsTheFingerprintToCompare() {
        VerificationReport r = PackVerifier.verify(pack, null);
        assertThat(r.intact()).isTrue();
        assertThat(r.verdict()).contains("not pinned");
    }

    @Test
    void verify_modifiedEvent_namesItsPosition() throws Exception {
        List<String> lines = lines();
        lines.set(10, lines.get(10).replace("\"actor\":\"alice\"", "\"actor\":\"eve\""));
        write(lines);
        VerificationReport r = verify();
        assertThat(r.intact()).isFalse();
        assertThat(r.firstBadPosition()).isEqualTo(30);
        assertThat(r.verdict()).contains("VERDICT: BROKEN").contains("seq 30");
    }

    @Test
    void verify_modifiedLastEvent_isCaughtByTheCoveringCheckpoint() throws Exception {
        List<String> lines = lines();
        lines.set(49, lines.get(49).replace("\"actor\":\"alice\"", "\"actor\":\"eve\""));
        write(lines);
        VerificationReport r = verify();
        assertThat(r.intact()).isFalse();
        assertThat(r.problem()).contains("do not match the signed checkpoint");
    }

    @Test
    void verify_deletedEvent_namesTheGap() throws Exception {
        List<String> lines = lines();
        lines.remove(5);
        write(lines);
        VerificationReport r = verify();
        assertThat(r.intact()).isFalse();
        assertThat(r.firstBadPosition()).isEqualTo(25);
    }

    @Test
    void verify_insertedEvent_namesItsPosition() throws Exception {
        List<String> lines = lines();
        lines.add(7, lines.get(6));
        write(lines);
        VerificationReport r = verify();
        assertThat(r.intact()).isFalse();
        assertThat(r.firstBadPosition()).isEqualTo(27);
    }

    @Test
    void verify_reorderedEvents_namesTheFirstSwappedPosition() throws Exception {
        List<String> lines = lines();
        String a = lines.get(12);
        lines.set(12, lines.get(13));
        lines.set(13, a);
        write(lines);
        VerificationReport r = verify();
        assertThat(r.intact()).isFalse();
        assertThat(r.firstBadPosition()).isEqualTo(32);
    }

    @Test
    void verify_truncatedTail_isDetected() throws Exception {
        List<String> lines = lines();
        write(lines.subList(0, 41));
        VerificationReport r = verify();
        assertThat(r.intact()).isFalse();
        assertThat(r.firstBadPosition()).isEqualTo(61);
        assertThat(r.problem()).contains("truncated");
    }

    @Test
    void verify_forgedCheckpointSignature_isRejected() throws Exception {
        Path file = pack.resolve(EvidencePack.CHECKPOINTS);
        List<String> cps = new ArrayList<>(Files.readAllLines(file));
        Checkpoint c = Checkpoint.fromJson(cps.get(1));
        byte[] sig = c.signature();
        sig[sig.length - 1] ^= 1;
        cps.set(1, c.withSignature(sig).toJson());
        Files.write(file, cps);
        VerificationReport r = verify();
        assertThat(r.intact()).isFalse();
        assertThat(r.problem()).contains("signature does not verify");
    }

    @Test
    void verify_packResignedWithAnotherKey_failsAgainstThePinnedKey() throws Exception {
        TestSigner forger = new TestSigner();
        Files.writeString(pack.resolve(EvidencePack.PUBLIC_KEY),
                io.custos.audit.verify.PublicKeys.toPem(forger.signingPublicKey()));
        byte[] manifest = Files.readAllBytes(pack.resolve(EvidencePack.MANIFEST));
        Files.writeString(pack.resolve(EvidencePack.MANIFEST_SIG), Base64.getEncoder().encodeToString(forger.sign(manifest)));
        VerificationReport r = verify();
        assertThat(r.intact()).isFalse();
        assertThat(r.problem()).contains("not the expected key");
    }

    @Test
    void verify_editedManifest_isRejected() throws Exception {
        Path m = pack.resolve(EvidencePack.MANIFEST);
        Files.writeString(m, Files.readString(m).replace("\"endSeq\":70", "\"endSeq\":61"));
        VerificationReport r = verify();
        assertThat(r.intact()).isFalse();
        assertThat(r.problem()).contains("manifest.json signature");
    }

    @Test
    void verify_forgedCheckpointResignedWithForeignKey_isRejected() throws Exception {
        TestSigner forger = new TestSigner();
        Path file = pack.resolve(EvidencePack.CHECKPOINTS);
        List<String> cps = new ArrayList<>(Files.readAllLines(file));
        Checkpoint c = Checkpoint.fromJson(cps.get(0));
        cps.set(0, c.withSignature(forger.sign(c.noteBytes())).toJson());
        Files.write(file, cps);
        assertThat(verify().problem()).contains("signature does not verify");
    }

    @Test
    void exportPack_rangeAtTheStartAndEnd_verifies() throws Exception {
        Path all = tmp.resolve("all");
        EvidencePack.Manifest m = recorder.exportPack(T0.minusSeconds(60), T0.plusSeconds(3600 * 3), all);
        assertThat(m.firstSeq()).isZero();
        assertThat(m.endSeq()).isEqualTo(100);
        VerificationReport r = PackVerifier.verify(all, signer.signingPublicKey());
        assertThat(r.intact()).as(r.verdict()).isTrue();
        Path empty = tmp.resolve("empty");
        recorder.exportPack(T0.plusSeconds(3600 * 5), T0.plusSeconds(3600 * 6), empty);
        assertThat(PackVerifier.verify(empty, signer.signingPublicKey()).intact()).isTrue();
    }
}
