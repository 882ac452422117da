package io.custos.bench.rotation;

import io.custos.api.DataClass;
import io.custos.api.KeyReference;
import io.custos.crypto.CustosCrypto;
import io.custos.crypto.keys.InMemoryKeySource;
import io.custos.jpa.CustosSessionCustomizer;
import io.custos.jpa.ProtectedColumn;
import io.custos.jpa.ProtectionRuntime;
import io.custos.jpa.ProtectionServices;
import io.custos.jpa.policy.ProtectionPolicy;
import io.custos.kms.Actor;
import io.custos.kms.Role;
import io.custos.rotation.JobState;
import io.custos.rotation.RotationEnvironment;
import io.custos.rotation.RotationJob;
import io.custos.rotation.RotationJobs;
import io.custos.rotation.RotationWorker;
import io.custos.spi.KeyScope;
import io.custos.spi.KeyUsage;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.eclipse.persistence.jpa.PersistenceProvider;

/**
 * Re-encryption on PostgreSQL: rows per second of the {@code custos-reencrypt} job (JBeret SE) against a plain
 * batched read-and-update of the same rows without crypto, in the same run and with the same partitions, page
 * size and threads; and the latency of business writes through JPA without and during the job. Outside CI.
 *
 * <pre>
 * mvn -B -ntp -q -DskipTests install -pl benchmarks
 * mvn -B -ntp -q -pl benchmarks dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/cp.txt
 * java -Drows=200000 -cp benchmarks/target/classes:$(cat /tmp/cp.txt) io.custos.bench.rotation.RotationBench
 * </pre>
 * Properties: {@code rows} (1,000,000), {@code chunk} (500), {@code threads} (2), {@code partitions} (4),
 * {@code url} (jdbc:postgresql://127.0.0.1:5432/test, user postgres, a fresh schema dropped at the end).
 */
public final class RotationBench {
    private static final String POLICY = "{\"policyVersion\":1,\"tenant\":\"acme\",\"blindIndexBits\":32,\"entities\":{"
            + "\"BenchAccount\":{\"name\":{\"class\":\"CUSTOMER\",\"blindIndex\":true,\"legacy\":true},"
            + "\"code\":{\"class\":\"CUSTOMER\",\"mode\":\"DETERMINISTIC\"}}}}";
    private static final Actor CUSTODIAN = Actor.of("bench", Role.KEY_CUSTODIAN);

    private final int rows = Integer.getInteger("rows", 1_000_000);
    private final int chunk = Integer.getInteger("chunk", 500);
    private final int threads = Integer.getInteger("threads", 2);
    private final int partitions = Integer.getInteger("partitions", 4);
    private final String base = System.getProperty("url", "jdbc:postgresql://127.0.0.1:5432/test");
    private final String schema = "rot_bench_" + UUID.randomUUID().toString().substring(0, 8);
    private final String url = base + "?currentSchema=" + schema + "&reWriteBatchedInserts=true&sslmode=disable";
    private final InMemoryKeySource keys = new InMemoryKeySource();
    private final DataSource ds = new Ds(url);

    public static void main(String[] args) throws Exception {
        new RotationBench().run();
    }

    private void run() throws Exception {
        try (Connection c = DriverManager.getConnection(base, "postgres", ""); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        Map<String, Object> p = new HashMap<>();
        p.put("jakarta.persistence.jdbc.url", url);
        p.put("jakarta.persistence.jdbc.user", "postgres");
        p.put("jakarta.persistence.jdbc.password", "");
        p.put("jakarta.persistence.jdbc.driver", "org.postgresql.Driver");
        p.put("eclipselink.ddl-generation", "create-tables");
        p.put("eclipselink.ddl-generation.output-mode", "database");
        p.put(CustosSessionCustomizer.SERVICES, ProtectionServices.builder()
                .crypto(CustosCrypto.builder().keySource(keys).build()).audit(e -> { })
                .policy(ProtectionPolicy.parse("rotation-bench", POLICY)).build());
        EntityManagerFactory emf = new PersistenceProvider().createContainerEntityManagerFactory(new BenchUnit(), p);
        try {
            emf.createEntityManager().close();
            ProtectionRuntime runtime = ProtectionRuntime.of(emf);
            KeyScope scope = new KeyScope(runtime.tenant(), DataClass.CUSTOMER, null, KeyUsage.FIELD_ENCRYPTION);
            long t = System.nanoTime();
            load(runtime.columns(), runtime.tenant());
            System.out.printf("loaded %,d rows in %.1f s%n", rows, secs(t));
            vacuum();
            RotationJobs jobs = RotationJobs.builder().dataSource(ds).auditSink(e -> { }).build();
            RotationEnvironment env = RotationEnvironment.builder().name("bench").dataSource(ds).runtime(runtime)
                    .instanceId("bench").chunkSize(chunk).threads(threads).partitionsPerTable(partitions).build();
            try (RotationWorker worker = new RotationWorker(env, 1)) {
                KeyReference v2 = keys.rotate(scope);
                job(jobs, worker, v2.keyId(), null); // cold: starts Weld and JBeret, warms the JIT; not counted
                vacuum();
                int rounds = Integer.getInteger("rounds", 3);
                double[] plain = new double[rounds];
                double[] job = new double[rounds];
                double[] ratio = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    plain[r] = plainPass();
                    vacuum();
                    keys.rotate(scope);
                    job[r] = job(jobs, worker, v2.keyId(), null)[0];
                    vacuum();
                    ratio[r] = job[r] / plain[r];
                    System.out.printf("round %d: plain %,.0f rows/s, job %,.0f rows/s, ratio %.2f%n", r + 1, plain[r],
                            job[r], ratio[r]);
                }
                List<Long> idle = writes(emf, null, 2000);
                keys.rotate(scope);
                List<Long> during = new ArrayList<>();
                double[] loaded = job(jobs, worker, v2.keyId(), () -> writes(emf, during, Integer.MAX_VALUE));
                System.out.printf("%nRESULT rows=%d chunk=%d threads=%d partitions=%d rounds=%d (medians)%n", rows, chunk,
                        threads, partitions, rounds);
                System.out.printf("plain read-and-update (no crypto): %,.0f rows/s%n", median(plain));
                System.out.printf("re-encryption job:                 %,.0f rows/s; job/plain %.2f (per round %s)%n",
                        median(job), median(ratio), java.util.Arrays.toString(ratio));
                System.out.printf("re-encryption job under writes:    %,.0f rows/s%n", loaded[0]);
                System.out.printf("business write latency without job: p50 %.2f ms, p99 %.2f ms (%d writes)%n",
                        pct(idle, 50), pct(idle, 99), idle.size());
                System.out.printf("business write latency during job:  p50 %.2f ms, p99 %.2f ms (%d writes)%n",
                        pct(during, 50), pct(during, 99), during.size());
            }
        } finally {
            emf.close();
            try (Connection c = DriverManager.getConnection(base, "postgres", ""); Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + schema + " CASCADE");
            }
        }
    }

    /** Rows written exactly as the converters would write them, in JDBC batches. */
    private void load(List<ProtectedColumn> columns, String tenant) throws Exception {
        ProtectedColumn name = columns.stream().filter(c -> c.column().equals("NAME")).findFirst().orElseThrow();
        ProtectedColumn code = columns.stream().filter(c -> c.column().equals("CODE")).findFirst().orElseThrow();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO ROT_BENCH (ID, NAME, NAME_BIDX, CODE, CITY, VERSION) VALUES (?, ?, ?, ?, 'city', 1)")) {
            c.setAutoCommit(false);
            for (long id = 1; id <= rows; id++) {
                String row = Long.toString(id);
                String plainName = "name-" + id;
                ps.setLong(1, id);
                ps.setString(2, name.protector().encryptText(plainName, name.context(tenant, row)));
                ps.setString(3, name.index(plainName));
                ps.setString(4, code.protector().encryptText("C-" + id, code.context(tenant, row)));
                ps.addBatch();
                if (id % 1000 == 0 || id == rows) {
                    ps.executeBatch();
                    c.commit();
                }
            }
        }
    }

    /** The same reads and compare-and-set updates as the job, with the values unchanged and no crypto. */
    private double plainPass() throws Exception {
        long t = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<Long>> done = new ArrayList<>();
        for (int i = 0; i < partitions; i++) {
            long lo = (long) rows * i / partitions;
            long hi = (long) rows * (i + 1) / partitions;
            done.add(pool.submit(() -> plainRange(lo, hi)));
        }
        long n = 0;
        for (Future<Long> f : done) {
            n += f.get();
        }
        pool.shutdown();
        return n / secs(t);
    }

    private long plainRange(long lo, long hi) throws SQLException {
        long n = 0;
        long last = lo;
        try (Connection c = ds.getConnection();
             PreparedStatement read = c.prepareStatement("SELECT ID, NAME, CODE, NAME_BIDX FROM ROT_BENCH WHERE ID > ? "
                     + "AND ID <= ? ORDER BY ID FETCH FIRST " + chunk + " ROWS ONLY");
             PreparedStatement write = c.prepareStatement("UPDATE ROT_BENCH SET NAME = ?, NAME_BIDX = ?, CODE = ? "
                     + "WHERE ID = ? AND NAME = ? AND CODE = ?")) {
            c.setAutoCommit(false);
            while (true) {
                read.setLong(1, last);
                read.setLong(2, hi);
                int page = 0;
                try (ResultSet r = read.executeQuery()) {
                    while (r.next()) {
                        last = r.getLong(1);
                        write.setString(1, r.getString(2));
                        write.setString(2, r.getString(4));
                        write.setString(3, r.getString(3));
                        write.setLong(4, last);
                        write.setString(5, r.getString(2));
                        write.setString(6, r.getString(3));
                        write.addBatch();
                        page++;
                    }
                }
                if (page == 0) {
                    return n;
                }
                write.executeBatch();
                c.commit();
                n += page;
            }
        }
    }

    /** Runs one job to completion, optionally with business load; returns {wall-clock rows/s, job's own rate}. */
    private double[] job(RotationJobs jobs, RotationWorker worker, long keyId, Runnable load) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        Thread business = null;
        long t = System.nanoTime();
        RotationJob job = jobs.start(CUSTODIAN, keyId, "benchmark", 0);
        worker.pollOnce();
        if (load != null) {
            business = new Thread(load);
            business.start();
        }
        RotationJob state = job;
        while (state.state().live()) {
            Thread.sleep(100);
            worker.pollOnce();
            state = jobs.job(job.jobId()).orElseThrow();
        }
        double wall = rows / secs(t);
        writesStop = true;
        if (business != null) {
            business.join();
        }
        writesStop = false;
        if (state.state() != JobState.COMPLETED || state.processed() != rows) {
            throw new IllegalStateException("job ended " + state);
        }
        System.out.printf("job %s: %s in %.1f s, %,d values rewritten, %d CAS misses%n", job.jobId(), state.state(),
                secs(t), state.rewritten(), state.casMisses());
        return new double[] {wall, state.rate()};
    }

    private volatile boolean writesStop;

    /** Business writes through JPA (find, change the name, commit), one thread, 2 ms apart; latencies in ns. */
    private List<Long> writes(EntityManagerFactory emf, List<Long> into, int count) {
        List<Long> out = into != null ? into : new ArrayList<>();
        for (int i = 0; i < count && !writesStop; i++) {
            long id = 1 + ThreadLocalRandom.current().nextLong(rows);
            long t = System.nanoTime();
            EntityManager em = emf.createEntityManager();
            try {
                em.getTransaction().begin();
                em.find(BenchAccount.class, id).setName("biz-" + i);
                em.getTransaction().commit();
            } finally {
                if (em.getTransaction().isActive()) {
                    em.getTransaction().rollback();
                }
                em.close();
            }
            synchronized (out) {
                out.add(System.nanoTime() - t);
            }
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return out;
    }

    private void vacuum() throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            s.execute("VACUUM ANALYZE ROT_BENCH");
        }
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        java.util.Arrays.sort(c);
        return c[c.length / 2];
    }

    private static double pct(List<Long> ns, int p) {
        List<Long> sorted = new ArrayList<>(ns);
        Collections.sort(sorted);
        return sorted.isEmpty() ? 0 : sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100)) / 1e6;
    }

    private static double secs(long t) {
        return (System.nanoTime() - t) / 1e9;
    }

    /**
     * A minimal connection pool, as every application server has one: the job borrows a connection per page, per
     * chunk and per control read, which without a pool would cost a PostgreSQL log-in each.
     */
    private record Ds(String url, java.util.concurrent.BlockingQueue<Connection> idle) implements DataSource {
        Ds(String url) {
            this(url, new java.util.concurrent.LinkedBlockingQueue<>());
        }

        @Override
        public Connection getConnection() throws SQLException {
            Connection c = idle.poll();
            Connection physical = c != null && !c.isClosed() ? c : DriverManager.getConnection(url, "postgres", "");
            physical.setAutoCommit(true);
            return (Connection) java.lang.reflect.Proxy.newProxyInstance(Connection.class.getClassLoader(),
                    new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        if ("close".equals(method.getName())) {
                            if (!physical.getAutoCommit()) {
                                physical.rollback();
                            }
                            idle.offer(physical);
                            return null;
                        }
                        try {
                            return method.invoke(physical, args);
                        } catch (java.lang.reflect.InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        @Override
        public Connection getConnection(String u, String pw) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
