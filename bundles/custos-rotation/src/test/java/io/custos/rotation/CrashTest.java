package io.custos.rotation;

import static io.custos.rotation.Runs.CUSTODIAN;
import static org.assertj.core.api.Assertions.assertThat;

import io.custos.api.KeyReference;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A real crash: a child JVM runs the job on PostgreSQL and is killed ({@code destroyForcibly}) mid-job; a second
 * child takes over once the lease expired and finishes from the committed progress.
 */
class CrashTest {
    private static final long LEASE_MS = 3000;

    @Test
    void ownerKilledMidJob_secondInstanceTakesLeaseAndFinishes() throws Exception {
        try (Fixture f = new Fixture(Db.open(Db.Kind.POSTGRESQL), 1)) {
            int rows = 3000;
            f.insert(rows, "crash");
            Map<Long, String[]> before = new HashMap<>();
            f.each(a -> before.put(a.getId(), new String[] {a.getName(), a.getCode()}));
            KeyReference v2 = f.keys.rotate(Fixture.FIELD_KEY);
            RotationJob job = f.jobs.start(CUSTODIAN, Fixture.FIELD_KEY, "crash test", 300);

            Process a = child(f, "A");
            RotationJob atKill;
            try {
                atKill = awaitProgress(f, job.jobId(), 300, a);
                assertThat(atKill.owner()).isEqualTo("A");
                assertThat(atKill.processed()).isLessThan(rows);
            } finally {
                a.destroyForcibly();
                a.waitFor(30, TimeUnit.SECONDS);
            }
            long committedAtKill = f.jobs.job(job.jobId()).orElseThrow().processed();
            f.jobs.throttle(CUSTODIAN, job.jobId(), 0);

            Process b = child(f, "B");
            RotationJob done;
            try {
                done = Runs.until(null, f.jobs, job.jobId(), 180, JobState.COMPLETED, JobState.FAILED);
            } finally {
                b.destroyForcibly();
                b.waitFor(30, TimeUnit.SECONDS);
            }
            System.out.printf("crash: A killed at %d rows committed (job row said %d), B finished: %s%n",
                    committedAtKill, atKill.processed(), done);
            assertThat(done.state()).as(String.valueOf(done.message())).isEqualTo(JobState.COMPLETED);
            assertThat(committedAtKill).isBetween(1L, (long) rows - 1);
            // each partition resumed after its last committed id: every row examined and moved exactly once
            assertThat(done.processed()).isEqualTo(rows);
            assertThat(done.rewritten()).isEqualTo(2L * rows);
            assertThat(done.casMisses()).isZero();
            assertThat(done.failedValues()).isZero();
            Runs.allCurrent(f.stored(), v2);
            Map<Long, String[]> after = new HashMap<>();
            f.each(x -> after.put(x.getId(), new String[] {x.getName(), x.getCode()}));
            assertThat(after).hasSameSizeAs(before);
            before.forEach((id, v) -> assertThat(after.get(id)).as("row %s", id).containsExactly(v));
        }
    }

    private static RotationJob awaitProgress(Fixture f, String jobId, long rows, Process child) throws Exception {
        long end = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < end) {
            assertThat(child.isAlive()).as("child A alive").isTrue();
            RotationJob j = f.jobs.job(jobId).orElseThrow();
            if (j.processed() >= rows) {
                return j;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("child A made no progress: " + f.jobs.job(jobId).orElseThrow());
    }

    private static Process child(Fixture f, String instance) throws Exception {
        Path log = Files.createTempFile("custos-crash-" + instance, ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "-Xmx256m",
                CrashChild.class.getName(), f.db.url, instance, Long.toString(LEASE_MS))
                .redirectErrorStream(true).redirectOutput(log.toFile()).directory(new File(".")).start();
    }

    static List<String> log(Path p) throws Exception {
        return Files.readAllLines(p);
    }
}
