package io.custos.rotation;

import static io.custos.rotation.Runs.CUSTODIAN;
import static org.assertj.core.api.Assertions.assertThat;

import io.custos.api.KeyReference;
import io.custos.rotation.model.Account;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The job runs while business threads update, insert, read and search the same rows through JPA on PostgreSQL:
 * no update is lost, no read or search fails, and afterwards every row is current.
 */
class OnlineTest {

    @Test
    void businessWritesDuringJob_noLostUpdateNoReadFailureAllCurrent() throws Exception {
        try (Fixture f = new Fixture(Db.open(Db.Kind.POSTGRESQL), 1)) {
            List<Long> ids = f.insert(3000, "on");
            Map<Long, String[]> expected = new ConcurrentHashMap<>();
            f.each(a -> expected.put(a.getId(), new String[] {a.getName(), a.getCode()}));
            KeyReference v2 = f.keys.rotate(Fixture.FIELD_KEY);
            AtomicBoolean stop = new AtomicBoolean();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            AtomicLong writes = new AtomicLong();
            AtomicLong searches = new AtomicLong();
            AtomicLong indexFound = new AtomicLong();
            AtomicLong equalityFound = new AtomicLong();
            ExecutorService business = Executors.newFixedThreadPool(5);
            for (int t = 0; t < 3; t++) { // writers own disjoint rows (index % 4 == t), so they never conflict
                int me = t;
                business.submit(() -> guard(failure, () -> {
                    int n = 0;
                    while (!stop.get()) {
                        long id = ids.get(4 * ThreadLocalRandom.current().nextInt(ids.size() / 4) + me);
                        String name = "biz-" + me + "-" + n;
                        String code = n % 2 == 0 ? "K-" + me + "-" + n : null;
                        f.tx(em -> {
                            Account a = em.find(Account.class, id);
                            a.setName(name);
                            if (code != null) {
                                a.setCode(code);
                            }
                            return null;
                        });
                        expected.compute(id, (k, old) -> new String[] {name, code != null ? code : old[1]});
                        writes.incrementAndGet();
                        n++;
                    }
                }));
            }
            business.submit(() -> guard(failure, () -> { // new rows while the job runs
                int n = 0;
                while (!stop.get()) {
                    Account a = new Account("new-" + n, "N-" + n, "city");
                    f.tx(em -> {
                        em.persist(a);
                        return null;
                    });
                    expected.put(a.getId(), new String[] {a.getName(), a.getCode()});
                    n++;
                }
            }));
            business.submit(() -> guard(failure, () -> { // reads and searches of rows nobody writes (index % 4 == 3)
                while (!stop.get()) {
                    int i = 4 * ThreadLocalRandom.current().nextInt(ids.size() / 4) + 3;
                    f.tx(em -> {
                        Account a = em.find(Account.class, ids.get(i));
                        assertThat(a.getName()).isEqualTo("on-" + i);
                        indexFound.addAndGet(f.runtime().findByBlindIndex(em, Account.class, "name", "on-" + i).size());
                        equalityFound.addAndGet(em.createQuery("SELECT a FROM Account a WHERE a.code = :c", Account.class)
                                .setParameter("c", "C-" + i).getResultList().size());
                        return null;
                    });
                    searches.incrementAndGet();
                }
            }));

            RotationEnvironment env = f.env("online").chunkSize(25).build();
            RotationJob done;
            try (RotationWorker worker = new RotationWorker(env, 1)) {
                ScheduledExecutorService poller = Runs.background(worker);
                try {
                    Thread.sleep(300);
                    RotationJob job = f.jobs.start(CUSTODIAN, Fixture.FIELD_KEY, "online", 600);
                    done = Runs.until(null, f.jobs, job.jobId(), 180, JobState.COMPLETED, JobState.FAILED);
                } finally {
                    stop.set(true);
                    business.shutdown();
                    business.awaitTermination(60, TimeUnit.SECONDS);
                    poller.shutdownNow();
                }
            }
            assertThat(failure.get()).as("business thread failure").isNull();
            assertThat(done.state()).isEqualTo(JobState.COMPLETED);
            assertThat(writes.get()).isPositive();
            assertThat(searches.get()).isPositive();
            System.out.printf("online: %d business writes, %d reads+searches during the job; blind-index hits %d of %d, "
                            + "deterministic equality hits %d of %d; job: %d rows, %d values rewritten, %d CAS misses%n",
                    writes.get(), searches.get(), indexFound.get(), searches.get(), equalityFound.get(), searches.get(),
                    done.processed(), done.rewritten(), done.casMisses());
            // the blind-index key is not rotated, so index search finds every row during the job; equality on the
            // deterministic column finds old-version rows too, because the key source lists every version that
            // still decrypts (DataKeySource.decryptableVersions) and custos-jpa searches under each of them
            assertThat(indexFound.get()).isEqualTo(searches.get());
            assertThat(equalityFound.get()).isEqualTo(searches.get());

            Map<Long, String[]> actual = new ConcurrentHashMap<>();
            f.each(a -> actual.put(a.getId(), new String[] {a.getName(), a.getCode()}));
            assertThat(actual.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
            List<Long> lost = new ArrayList<>();
            expected.forEach((id, v) -> {
                if (!java.util.Arrays.equals(v, actual.get(id))) {
                    lost.add(id);
                }
            });
            assertThat(lost).as("rows whose business write was lost").isEmpty();
            Runs.allCurrent(f.stored(), v2);
            f.tx(em -> {
                assertThat(em.createQuery("SELECT a FROM Account a WHERE a.code = :c", Account.class)
                        .setParameter("c", "C-3").getResultList()).hasSize(1);
                return null;
            });
        }
    }

    interface Work {
        void run() throws Exception;
    }

    private static void guard(AtomicReference<Throwable> failure, Work work) {
        try {
            work.run();
        } catch (Throwable t) {
            failure.compareAndSet(null, t);
        }
    }
}
