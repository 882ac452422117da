package io.custos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoTest {
    @TempDir
    Path dir;

    @Test
    void demo_runsEndToEnd_andCatchesEveryAttack() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status = new Demo(new PrintStream(bytes, true, StandardCharsets.UTF_8)).run(dir.resolve("ks.p12"), "demo-pw-123");
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(status).isZero();
        assertThat(out).contains("PATIENT.FULL_NAME  row 1001 = $cu1$")
                .contains("A clinician reads it back:        Zhang Wei")
                .contains("Z. W.").contains("****4711")
                .contains("equal serials encrypt equally:    true")
                .contains("one character changed -> refused: CUSTOS-")
                .contains("row 1002 -> refused: CUSTOS-2004")
                .contains("another column -> refused: CUSTOS-2004")
                .contains("old value -> Zhang Wei   new value -> Zhang Wei")
                .doesNotContain("NOT DETECTED")
                .doesNotContain("demo-pw-123");
        assertThat(dir.resolve("ks.p12")).exists();
    }

    @Test
    void demo_withoutPassword_explainsAndFails() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        assertThat(new Demo(new PrintStream(bytes, true, StandardCharsets.UTF_8)).run(dir.resolve("ks.p12"), null)).isEqualTo(2);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("CUSTOS_KEYSTORE_PASSWORD");
    }
}
