package io.custos.auditverifier;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded jar in a fresh JVM, with nothing on its class path but itself. */
class AuditVerifierJarIT {
    @TempDir
    Path tmp;

    private record Result(int code, String output) {
    }

    private static Result runJar(Path pack) throws Exception {
        Path jar = Path.of("target", "audit-verifier.jar").toAbsolutePath();
        assertThat(jar).exists();
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                jar.toString(), pack.toString()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), output);
    }

    @Test
    void javaJar_intactThenTruncatedPack_exitsZeroThenOne() throws Exception {
        Path pack = tmp.resolve("pack");
        Packs.create(pack);
        Result ok = runJar(pack);
        assertThat(ok.code()).as(ok.output()).isZero();
        assertThat(ok.output()).contains("VERDICT: INTACT");

        Path events = pack.resolve("events.jsonl");
        List<String> lines = new ArrayList<>(Files.readAllLines(events, StandardCharsets.UTF_8));
        Files.write(events, lines.subList(0, 30), StandardCharsets.UTF_8);
        Result bad = runJar(pack);
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.output()).contains("VERDICT: BROKEN").contains("truncated").contains("seq 40");
    }
}
