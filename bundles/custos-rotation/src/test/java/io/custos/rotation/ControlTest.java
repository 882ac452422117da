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

    @Test
    void throttle_holdsForTheWholeJobNotPerPartition() throws Exception {
        try (Fixture f = new Fixture(Db.open(Db.Kind.POSTGRESQL), 1)) {
            f.insert(300, "slow");
            f.keys.rotate(Fixture.FIELD_KEY);
            // two partitions run at once, one row a chunk; the job may move 1 row a second in all
            RotationEnvironment env = f.env("slow").chunkSize(1).partitionsPerTable(3).threads(2).build();
            try (RotationWorker worker = new RotationWorker(env, 1)) {
                ScheduledExecutorService poller = Runs.background(worker);
                try {
                    long t0 = System.nanoTime();
                    RotationJob job = f.jobs.start(CUSTODIAN, Fixture.FIELD_KEY, "slow", 1);
                    awaitProgress(f, job.jobId(), 1);
                    Thread.sleep(5000);
                    long processed = f.jobs.job(job.jobId()).orElseThrow().processed();
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    f.jobs.cancel(OFFICER, job.jobId());
                    Runs.until(null, f.jobs, job.jobId(), 60, JobState.CANCELLED);
                    System.out.printf("throttle: %d rows in %.1f s at 1 row/s%n", processed, seconds);
                    // at most the rate over the elapsed time plus one chunk per running partition at start (a
                    // per-partition throttle would allow twice the rate); sleeping can only make it slower
                    assertThat(processed).as("rows in %.1f s at 1 row/s", seconds)
                            .isLessThanOrEqualTo((long) Math.ceil(seconds) + 2);
                    assertThat(processed).isPositive();
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
