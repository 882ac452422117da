package io.custos.rotation;

import static io.custos.rotation.Runs.CUSTODIAN;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/**
 * Unreadable values (a damaged ciphertext, plaintext in a column that refuses legacy) are left unchanged and
 * counted; neither the log, the job record nor the audit trail shows a value or a ciphertext.
 */
class SecretLeakTest {

    @Test
    void unreadableValues_leftCountedAndNeverPrinted() throws Exception {
        List<String> logged = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                logged.add(String.valueOf(r.getMessage()) + " " + java.util.Arrays.toString(r.getParameters())
                        + " " + r.getThrown());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("io.custos");
        root.addHandler(capture);
        root.setLevel(Level.ALL);
        try (Fixture f = new Fixture(Db.open(Db.Kind.H2), 1)) {
            List<Long> ids = f.insert(60, "top-secret-name");
            Map<Long, String[]> stored = f.stored();
            String damaged = stored.get(ids.get(5))[0];
            char last = damaged.charAt(damaged.length() - 2);
            String tampered = damaged.substring(0, damaged.length() - 2) + (last == 'A' ? 'B' : 'A')
                    + damaged.charAt(damaged.length() - 1);
            f.sql("UPDATE ROT_ACCOUNT SET NAME = ? WHERE ID = ?", tampered, ids.get(5));
            f.sql("UPDATE ROT_ACCOUNT SET CODE = ? WHERE ID = ?", "plain-secret-code", ids.get(6));
            f.keys.rotate(Fixture.FIELD_KEY);
            RotationJob job = f.jobs.start(CUSTODIAN, Fixture.FIELD_KEY, "leak check", 0);
            try (RotationWorker worker = new RotationWorker(f.env("leak").build(), 1)) {
                RotationJob done = Runs.until(worker, f.jobs, job.jobId(), 120, JobState.COMPLETED, JobState.FAILED);
                assertThat(done.state()).isEqualTo(JobState.COMPLETED);
                assertThat(done.failedValues()).isEqualTo(2);
                assertThat(done.rewritten()).isEqualTo(2 * 60 - 2);
                assertThat(f.stored().get(ids.get(5))[0]).isEqualTo(tampered);
                assertThat(f.stored().get(ids.get(6))[1]).isEqualTo("plain-secret-code");
                assertThat(logged).anyMatch(l -> l.contains("CUSTOS-8007"));
                for (String text : concat(logged, List.of(done.toString()),
                        f.audit.stream().map(Object::toString).toList())) {
                    assertThat(text).doesNotContain("top-secret-name").doesNotContain("plain-secret-code")
                            .doesNotContain("$cu1$").doesNotContain(tampered.substring(5, 25));
                }
            }
        } finally {
            root.removeHandler(capture);
        }
    }

    private static List<String> concat(List<String> a, List<String> b, List<String> c) {
        List<String> out = new java.util.ArrayList<>(a);
        out.addAll(b);
        out.addAll(c);
        return out;
    }
}
