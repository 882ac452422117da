package io.custos.rotation;

import static io.custos.rotation.Runs.CUSTODIAN;
import static org.assertj.core.api.Assertions.assertThat;

import io.custos.api.KeyReference;
import io.custos.rotation.model.Account;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The job on H2 and PostgreSQL with JBeret SE: old and legacy values move, plaintext stays, a rerun is a no-op. */
class RotationJobTest {

    @ParameterizedTest
    @EnumSource(Db.Kind.class)
    void job_oldAndLegacyRows_everyValueCurrentPlaintextUnchangedRerunWritesNothing(Db.Kind kind) throws Exception {
        try (Fixture f = new Fixture(Db.open(kind), 1)) {
            List<Long> ids = f.insert(400, "name");
            for (int i = 0; i < 20; i++) { // rows from before Custos: plaintext name, no index
                f.sql("UPDATE ROT_ACCOUNT SET NAME = ?, NAME_BIDX = NULL WHERE ID = ?", "legacy-" + i, ids.get(i));
            }
            Map<Long, String[]> before = new HashMap<>();
            f.each(a -> before.put(a.getId(), new String[] {a.getName(), a.getCode()}));
            KeyReference v2 = f.keys.rotate(Fixture.FIELD_KEY);

            RotationJob job = f.jobs.start(CUSTODIAN, Fixture.FIELD_KEY, "after rotation", 0);
            assertThat(job.state()).isEqualTo(JobState.QUEUED);
            RotationEnvironment env = f.env("i1").build();
            try (RotationWorker worker = new RotationWorker(env, 1)) {
                RotationJob done = Runs.until(worker, f.jobs, job.jobId(), 120, JobState.COMPLETED, JobState.FAILED);
                assertThat(done.state()).as(String.valueOf(done.message())).isEqualTo(JobState.COMPLETED);
                assertThat(done.total()).isEqualTo(400);
                assertThat(done.processed()).isEqualTo(400);
                assertThat(done.rewritten()).isEqualTo(800);
                assertThat(done.casMisses()).isZero();
                assertThat(done.failedValues()).isZero();
                assertThat(done.owner()).isNull();
                Runs.allCurrent(f.stored(), v2);

                Map<Long, String[]> after = new HashMap<>();
                f.each(a -> after.put(a.getId(), new String[] {a.getName(), a.getCode()}));
                assertThat(after).hasSameSizeAs(before);
                before.forEach((id, v) -> assertThat(after.get(id)).as("row %s", id).containsExactly(v));
                f.tx(em -> {
                    assertThat(f.runtime().findByBlindIndex(em, Account.class, "name", "legacy-3"))
                            .extracting(Account::getName).containsExactly("legacy-3");
                    assertThat(em.createQuery("SELECT a FROM Account a WHERE a.code = :c", Account.class)
                            .setParameter("c", "C-100").getResultList()).extracting(Account::getName).containsExactly("name-100");
                    return null;
                });

                Map<Long, String[]> stored = f.stored();
                RotationJob again = f.jobs.start(CUSTODIAN, Fixture.FIELD_KEY, "rerun", 0);
                RotationJob rerun = Runs.until(worker, f.jobs, again.jobId(), 120, JobState.COMPLETED, JobState.FAILED);
                assertThat(rerun.state()).isEqualTo(JobState.COMPLETED);
                assertThat(rerun.processed()).isEqualTo(400);
                assertThat(rerun.rewritten()).isZero();
                Map<Long, String[]> unchanged = f.stored();
                stored.forEach((id, v) -> assertThat(unchanged.get(id)).containsExactly(v));
            }
            assertThat(f.audit).extracting(e -> e.action()).contains("reencrypt-start");
        }
    }
}
