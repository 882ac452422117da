package io.custos.auditverifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.custos.audit.verify.PublicKeys;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The command in-process: verdicts and exit codes for intact, tampered and unusable input. */
class AuditVerifierCliTest {
    @TempDir
    Path tmp;
    private Path pack;
    private PublicKey key;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void makePack() throws Exception {
        pack = tmp.resolve("pack");
        key = Packs.create(pack);
    }

    private int run(String... args) {
        return AuditVerifierCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void run_intactPack_printsIntactAndExitsZero() {
        assertThat(run(pack.toString())).isZero();
        assertThat(out.toString()).contains("VERDICT: INTACT").contains("events checked: 40");
    }

    @Test
    void run_pinnedKeyAndFingerprint_accepted() throws Exception {
        Path pem = tmp.resolve("published.pem");
        Files.writeString(pem, PublicKeys.toPem(key));
        assertThat(run("--public-key", pem.toString(), "--fingerprint", PublicKeys.fingerprint(key), pack.toString())).isZero();
    }

    @Test
    void run_wrongFingerprint_exitsOne() {
        assertThat(run("--fingerprint", "SHA256:" + "ab".repeat(32), pack.toString())).isEqualTo(1);
        assertThat(out.toString()).contains("expected fingerprint");
    }

    @Test
    void run_tamperedEvent_printsBrokenWithPositionAndExitsOne() throws Exception {
        Path events = pack.resolve("events.jsonl");
        List<String> lines = new ArrayList<>(Files.readAllLines(events, StandardCharsets.UTF_8));
        lines.set(3, lines.get(3).replace("\"purpose\":\"release\"", "\"purpose\":\"recall\""));
        Files.write(events, lines, StandardCharsets.UTF_8);
        assertThat(run(pack.toString())).isEqualTo(1);
        assertThat(out.toString()).contains("VERDICT: BROKEN").contains("first bad position: seq 13");
    }

    enum Tamper { MODIFY, DELETE, INSERT, REORDER, TRUNCATE, FORGE_CHECKPOINT_SIGNATURE }

    @ParameterizedTest
    @EnumSource(Tamper.class)
    void run_tamperedPackEachWay_printsBrokenAndExitsOne(Tamper how) throws Exception {
        Path events = pack.resolve("events.jsonl");
        List<String> lines = new ArrayList<>(Files.readAllLines(events, StandardCharsets.UTF_8));
        switch (how) {
            case MODIFY -> lines.set(20, lines.get(20).replace("\"row\":\"30\"", "\"row\":\"31\""));
            case DELETE -> lines.remove(20);
            case INSERT -> lines.add(20, lines.get(19));
            case REORDER -> lines.add(21, lines.remove(20));
            case TRUNCATE -> lines.subList(35, lines.size()).clear();
            case FORGE_CHECKPOINT_SIGNATURE -> {
                Path cps = pack.resolve("checkpoints.jsonl");
                List<String> c = new ArrayList<>(Files.readAllLines(cps, StandardCharsets.UTF_8));
                String sig = c.get(1).replaceAll(".*\"signature\":\"([^\"]+)\".*", "$1");
                byte[] raw = java.util.Base64.getDecoder().decode(sig);
                raw[raw.length - 3] ^= 0x10;
                c.set(1, c.get(1).replace(sig, java.util.Base64.getEncoder().encodeToString(raw)));
                Files.write(cps, c, StandardCharsets.UTF_8);
            }
            default -> throw new IllegalStateException();
        }
        Files.write(events, lines, StandardCharsets.UTF_8);
        assertThat(run(pack.toString())).as(out.toString()).isEqualTo(1);
        assertThat(out.toString()).contains("VERDICT: BROKEN");
        if (how != Tamper.FORGE_CHECKPOINT_SIGNATURE) {
            assertThat(out.toString()).contains("first bad position: seq " + (how == Tamper.TRUNCATE ? 45 : 30));
        } else {
            assertThat(out.toString()).contains("signature does not verify");
        }
    }

    @Test
    void run_zippedPack_isVerified() throws Exception {
        Path zip = tmp.resolve("pack.zip");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(zip))) {
            try (var files = Files.list(pack)) {
                for (Path f : files.toList()) {
                    z.putNextEntry(new ZipEntry("evidence/" + f.getFileName()));
                    z.write(Files.readAllBytes(f));
                    z.closeEntry();
                }
            }
        }
        assertThat(run(zip.toString())).isZero();
        assertThat(out.toString()).contains("VERDICT: INTACT");
    }

    @Test
    void run_missingPackOrBadOption_exitsTwo() {
        assertThat(run(tmp.resolve("nope").toString())).isEqualTo(2);
        assertThat(run("--no-such-option", pack.toString())).isEqualTo(2);
    }

    @Test
    void run_packMissingAFile_exitsOne() throws Exception {
        Files.delete(pack.resolve("checkpoints.jsonl"));
        assertThat(run(pack.toString())).isEqualTo(1);
        assertThat(out.toString()).contains("lacks checkpoints.jsonl");
    }
}
