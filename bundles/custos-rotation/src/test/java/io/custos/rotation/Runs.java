package io.custos.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import io.custos.api.KeyReference;
import io.custos.crypto.CiphertextFormat;
import io.custos.kms.Actor;
import io.custos.kms.Role;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** Helpers shared by the job tests. */
final class Runs {
    static final Actor CUSTODIAN = Actor.of("carla", Role.KEY_CUSTODIAN);
    static final Actor OFFICER = Actor.of("omar", Role.SECURITY_OFFICER);
    static final Actor AUDITOR = Actor.of("ada", Role.AUDITOR);

    private Runs() {
    }

    /** Polls the worker until the job is in one of {@code states}; fails after {@code seconds}. */
    static RotationJob until(RotationWorker worker, RotationJobs jobs, String jobId, int seconds, JobState... states)
            throws Exception {
        Set<JobState> wanted = Set.of(states);
        long end = System.currentTimeMillis() + seconds * 1000L;
        while (System.currentTimeMillis() < end) {
            if (worker != null) {
                worker.pollOnce();
            }
            RotationJob job = jobs.job(jobId).orElseThrow();
            if (wanted.contains(job.state())) {
                return job;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + jobId + " not in " + wanted + " after " + seconds + " s: "
                + jobs.job(jobId).orElseThrow());
    }

    /** A worker polling in the background every 100 ms. */
    static ScheduledExecutorService background(RotationWorker worker) {
        ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor();
        worker.start(s, java.time.Duration.ofMillis(100));
        return s;
    }

    /** Every stored NAME and CODE is a ciphertext under {@code key}; every NAME has a blind index. */
    static void allCurrent(Map<Long, String[]> stored, KeyReference key) throws Exception {
        assertThat(stored).isNotEmpty();
        for (Map.Entry<Long, String[]> e : stored.entrySet()) {
            for (int i = 0; i < 2; i++) {
                String v = e.getValue()[i];
                assertThat(CiphertextFormat.isCiphertextText(v)).as("row %s column %s", e.getKey(), i).isTrue();
                assertThat(CiphertextFormat.keyOf(CiphertextFormat.fromText(v, "c")))
                        .as("row %s column %s", e.getKey(), i).isEqualTo(key);
            }
            assertThat(e.getValue()[2]).as("blind index of row %s", e.getKey()).isNotNull();
        }
    }
}
