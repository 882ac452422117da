package io.custos.rotation;

import static io.custos.rotation.Runs.CUSTODIAN;
import static io.custos.rotation.Runs.OFFICER;
import static org.assertj.core.api.Assertions.assertThat;

import io.custos.api.KeyReference;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.Test;

/** Pause, resume, throttle and cancel of a running job on PostgreSQL, with a worker polling in the background. */
class ControlTest {

    @Test
    void runningJob_pauseHoldsResumeFinishesCancelStops() throws Exception {
        try (Fixture f = new Fixture(Db.open(Db.Kind.POSTGRESQL), 1)) {
            f.insert(1200, "ctl");
            KeyReference v2 = f.keys.rotate(Fixture.FIELD_KEY);
            RotationEnvironment env = f.env("ctl").chunkSize(20).build();
            try (RotationWorker worker = new RotationWorker(env, 1)) {
                ScheduledExecutorService poller = Runs.background(worker);
                try {
                    long t0 = System.nanoTime();
                    RotationJob job = f.jobs.start(CUSTODIAN, Fixture.FIELD_KEY, "throttled", 200);
                    RotationJob running = awaitProgress(f, job.jobId(), 100);
                    assertThat(running.state()).isEqualTo(JobState.RUNNING);
                    f.jobs.pause(OFFICER, job.jobId());
                    RotationJob paused = Runs.until(null, f.jobs, job.jobId(), 60, JobState.PAUSED);
                    long secondsToPause = (System.nanoTime() - t0) / 1_000_000_000L;
                    assertThat(paused.owner()).isNull();
                    assertThat(paused.processed()).isBetween(1L, 1199L);
                    Thread.sleep(1500);
                    assertThat(f.jobs.job(job.jobId()).orElseThrow().processed()).isEqualTo(paused.processed());
                    // throttled to 200 rows/s: at least processed/200 seconds went by before the pause
                    assertThat(secondsToPause).isGreaterThanOrEqualTo(paused.processed() / 200 - 1);

                    f.jobs.throttle(CUSTODIAN, job.jobId(), 0);
                    f.jobs.resume(CUSTODIAN, job.jobId());
                    RotationJob done = Runs.until(null, f.jobs, job.jobId(), 120, JobState.COMPLETED, JobState.FAILED);
                    assertThat(done.state()).isEqualTo(JobState.COMPLETED);
                    assertThat(done.processed()).isEqualTo(1200);
                    assertThat(done.rewritten()).isEqualTo(2400);
                    Runs.allCurrent(f.stored(), v2);

                    f.keys.rotate(Fixture.FIELD_KEY);
                    RotationJob second = f.jobs.start(CUSTODIAN, Fixture.FIELD_KEY, "to cancel", 100);
                    awaitProgress(f, second.jobId(), 20);
                    f.jobs.cancel(OFFICER, second.jobId());
                    RotationJob cancelled = Runs.until(null, f.jobs, second.jobId(), 60, JobState.CANCELLED);
                    assertThat(cancelled.processed()).isLessThan(1200);
                    assertThat(cancelled.owner()).isNull();
                    assertThat(f.jobs.start(CUSTODIAN, Fixture.FIELD_KEY, "free again", 0).state())
                            .isEqualTo(JobState.QUEUED);
                } finally {
                    poller.shutdownNow();
                }
            }
        }
    }

    static RotationJob awaitProgress(Fixture f, String jobId, long rows) throws Exception {
        long end = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < end) {
            RotationJob j = f.jobs.job(jobId).orElseThrow();
            if (j.processed() >= rows) {
                return j;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no progress: " + f.jobs.job(jobId).orElseThrow());
    }
}
