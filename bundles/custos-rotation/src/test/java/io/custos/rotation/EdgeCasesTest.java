package io.custos.rotation;

import static io.custos.rotation.Runs.CUSTODIAN;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** An empty table completes at once; a job for a key no column of this application uses is left to others. */
class EdgeCasesTest {

    @Test
    void emptyTable_completesWithNothingToDo_foreignKey_notClaimed() throws Exception {
        try (Fixture f = new Fixture(Db.open(Db.Kind.H2), 1)) {
            f.keys.rotate(Fixture.FIELD_KEY);
            io.custos.spi.KeyScope other = new io.custos.spi.KeyScope("acme", io.custos.api.DataClass.GENERAL, null,
                    io.custos.spi.KeyUsage.FIELD_ENCRYPTION);
            f.keys.encryptionKey(other);
            long foreignKey = SeededKeySource.keyId(other); // a field key no column of this unit uses
            RotationJob foreign = f.jobs.start(CUSTODIAN, foreignKey, "not ours", 0);
            RotationJob job = f.jobs.start(CUSTODIAN, Fixture.FIELD_KEY, "empty", 0);
            try (RotationWorker worker = new RotationWorker(f.env("edge").build(), 2)) {
                RotationJob done = Runs.until(worker, f.jobs, job.jobId(), 60, JobState.COMPLETED, JobState.FAILED);
                assertThat(done.state()).isEqualTo(JobState.COMPLETED);
                assertThat(done.total()).isZero();
                assertThat(done.processed()).isZero();
                worker.pollOnce();
                RotationJob waiting = f.jobs.job(foreign.jobId()).orElseThrow();
                assertThat(waiting.state()).isEqualTo(JobState.QUEUED);
                assertThat(waiting.owner()).isNull();
            }
        }
    }
}
