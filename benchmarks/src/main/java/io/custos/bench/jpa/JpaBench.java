package io.custos.bench.jpa;

import io.custos.crypto.CustosCrypto;
import io.custos.crypto.keys.InMemoryKeySource;
import io.custos.jpa.CustosSessionCustomizer;
import io.custos.jpa.ProtectionServices;
import io.custos.jpa.policy.ProtectionPolicy;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * End-to-end JPA benchmark, in one run per database: persist rows with five protected text fields in
 * batched transactions, load them back in pages, then single finds; three ways (unprotected, a minimal
 * per-field AES-GCM AttributeConverter, Custos). Then equality lookups over an indexed column:
 * plaintext vs Custos deterministic. Prints medians over the rounds (the ways take turns going first) and
 * their ratios, in wall-clock time and in the benchmark thread's CPU time; shared cache off, bind
 * batching on; the table is analyzed (untimed) between persisting and loading, as autovacuum would.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.custos.bench.jpa.JpaBench [--rows N] [--lookup-rows N]
 *      [--rounds N] [--warmups N] [--db h2,postgresql]</pre>
 */
public final class JpaBench {
    enum Mode { PLAIN, FLOOR, CUSTOS }

    enum Phase { PERSIST, PAGES, FINDS, TOTAL }

    static final String PG = "jdbc:postgresql://127.0.0.1:5432/test";
    static final String POLICY = """
            {"policyVersion": 1, "tenant": "bench",
             "levels": {"CONFIDENTIAL": {"sharedCache": true, "auditReads": false}},
             "entities": {
               "BenchRow": {"name": {"class": "CUSTOMER"}, "idCard": {"class": "CUSTOMER"}, "phone": {"class": "CUSTOMER"},
                            "address": {"class": "CUSTOMER"}, "diagnosis": {"class": "CUSTOMER"}},
               "LookupRow": {"code": {"class": "CUSTOMER", "mode": "DETERMINISTIC"}}}}
            """;
    static final int BATCH = 500;
    /** Held so the logger (and its level) is not collected. */
    private static final Logger CUSTOS_LOG = Logger.getLogger("io.custos");
    static final int PAGE = 500;
    /** Equality lookups per round: enough that a round lasts a few hundred milliseconds. */
    static final int LOOKUPS = Integer.getInteger("lookups", 10_000);
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    private final PrintStream out;
    private final int rows;
    private final int lookupRows;
    private final int finds;
    private final int rounds;
    private final int warmups;

    JpaBench(PrintStream out, int rows, int lookupRows, int finds, int rounds, int warmups) {
        this.warmups = warmups;
        this.out = out;
        this.rows = rows;
        this.lookupRows = lookupRows;
        this.finds = finds;
        this.rounds = rounds;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i], args[i + 1]);
        }
        CUSTOS_LOG.setLevel(Level.WARNING);
        JpaBench bench = new JpaBench(System.out, Integer.parseInt(a.getOrDefault("--rows", "10000")),
                Integer.parseInt(a.getOrDefault("--lookup-rows", "100000")), 2000,
                Integer.parseInt(a.getOrDefault("--rounds", "3")), Integer.parseInt(a.getOrDefault("--warmups", "5")));
        for (String db : a.getOrDefault("--db", "h2,postgresql").split(",")) {
            bench.run(db.trim().toLowerCase(Locale.ROOT));
        }
    }

    void run(String db) throws Exception {
        out.printf("%n== %s: %d rows x 5 protected fields, batches of %d, pages of %d, %d finds, medians of %d rounds"
                + " after %d warm-up rounds ==%n", db, rows, BATCH, PAGE, finds, rounds, warmups);
        Map<Mode, long[][]> all = new EnumMap<>(Mode.class);
        Mode[] modes = Mode.values();
        // warm-up rounds, discarded: the JIT still improves all ways for several full rounds
        for (int r = 0; r < warmups; r++) {
            for (Mode m : modes) {
                run(db, m, rows);
            }
        }
        for (Mode m : modes) {
            all.put(m, new long[rounds][]);
        }
        for (int r = 0; r < rounds; r++) {
            // the ways take turns going first, so drift in the machine's load hits each alike
            for (int k = 0; k < modes.length; k++) {
                Mode m = modes[(r + k) % modes.length];
                all.get(m)[r] = run(db, m, rows);
                if (Boolean.getBoolean("bench.verbose")) {
                    long[] t = all.get(m)[r];
                    int ph = Phase.values().length;
                    out.printf("  round %2d %-6s wall %4.0f %4.0f %4.0f = %4.0f   cpu %4.0f %4.0f %4.0f = %4.0f%n", r, m,
                            t[0] / 1e6, t[1] / 1e6, t[2] / 1e6, t[3] / 1e6, t[ph] / 1e6, t[ph + 1] / 1e6, t[ph + 2] / 1e6,
                            t[ph + 3] / 1e6);
                }
            }
        }
        Map<Mode, long[]> median = new EnumMap<>(Mode.class);
        int phases = Phase.values().length;
        for (Mode m : modes) {
            long[] med = new long[2 * phases];
            for (int i = 0; i < med.length; i++) {
                long[] v = new long[rounds];
                for (int r = 0; r < rounds; r++) {
                    v[r] = all.get(m)[r][i];
                }
                med[i] = median(v);
            }
            median.put(m, med);
        }
        for (int k = 0; k < 2; k++) {
            out.println(k == 0 ? "wall-clock time:" : "CPU time of the benchmark thread (client side only):");
            out.printf("%-8s %10s %10s %10s %12s %13s %13s%n", "phase", "plain ms", "floor ms", "custos ms",
                    "floor/plain", "custos/plain", "custos/floor");
            for (Phase p : Phase.values()) {
                int i = k * phases + p.ordinal();
                double plain = median.get(Mode.PLAIN)[i] / 1e6;
                double floor = median.get(Mode.FLOOR)[i] / 1e6;
                double custos = median.get(Mode.CUSTOS)[i] / 1e6;
                out.printf("%-8s %10.0f %10.0f %10.0f %12.2f %13.2f %13.2f%n", p.name().toLowerCase(Locale.ROOT),
                        plain, floor, custos, floor / plain, custos / plain, custos / floor);
            }
        }
        lookups(db);
    }

    /** One way's workload, through a method of its own so that a profiler's stacks tell the ways apart. */
    long[] run(String db, Mode mode, int n) throws Exception {
        return switch (mode) {
            case PLAIN -> plainWorkload(db, n);
            case FLOOR -> floorWorkload(db, n);
            case CUSTOS -> custosWorkload(db, n);
        };
    }

    long[] plainWorkload(String db, int n) throws Exception {
        return workload(db, Mode.PLAIN, n);
    }

    long[] floorWorkload(String db, int n) throws Exception {
        return workload(db, Mode.FLOOR, n);
    }

    long[] custosWorkload(String db, int n) throws Exception {
        return workload(db, Mode.CUSTOS, n);
    }

    /**
     * One way's persist, pages and finds on a fresh database. Returns the wall-clock time of each phase and,
     * after them, the CPU time this (the only working) thread spent in each: the wall-clock time includes
     * the database server's work and other processes on the machine, the thread's CPU time only the
     * client side (JPA, JDBC driver, converters), and is far less disturbed by a noisy machine.
     */
    long[] workload(String db, Mode mode, int n) throws Exception {
        int phases = Phase.values().length;
        try (Target t = Target.open(db)) {
            EntityManagerFactory emf = emf(t, mode);
            try {
                long[] times = new long[2 * phases];
                List<Long> ids = new ArrayList<>(n);
                long t0 = System.nanoTime();
                long c0 = THREADS.getCurrentThreadCpuTime();
                for (int done = 0; done < n; done += BATCH) {
                    EntityManager em = emf.createEntityManager();
                    em.getTransaction().begin();
                    List<Object> batch = new ArrayList<>(BATCH);
                    for (int i = done; i < Math.min(n, done + BATCH); i++) {
                        Object row = row(mode, i);
                        em.persist(row);
                        batch.add(row);
                    }
                    em.getTransaction().commit();
                    for (Object row : batch) {
                        ids.add(mode == Mode.FLOOR ? ((FloorRow) row).getId() : ((BenchRow) row).getId());
                    }
                    em.close();
                }
                phase(times, Phase.PERSIST, t0, c0);
                // as autovacuum would in production: without statistics PostgreSQL pages by sorting the whole
                // table on every page, a cost of the table's width, not of reading (untimed, every way alike)
                t.analyze("BENCH_ROW");
                String entity = mode == Mode.FLOOR ? "FloorRow" : "BenchRow";
                long chars = 0;
                t0 = System.nanoTime();
                c0 = THREADS.getCurrentThreadCpuTime();
                for (int page = 0; page * PAGE < n; page++) {
                    EntityManager em = emf.createEntityManager();
                    List<?> list = em.createQuery("SELECT r FROM " + entity + " r ORDER BY r.id")
                            .setFirstResult(page * PAGE).setMaxResults(PAGE).getResultList();
                    for (Object o : list) {
                        chars += name(mode, o).length();
                    }
                    em.close();
                }
                phase(times, Phase.PAGES, t0, c0);
                SplittableRandom random = new SplittableRandom(42);
                Class<?> type = mode == Mode.FLOOR ? FloorRow.class : BenchRow.class;
                t0 = System.nanoTime();
                c0 = THREADS.getCurrentThreadCpuTime();
                for (int done = 0; done < finds; done += 100) {
                    EntityManager em = emf.createEntityManager();
                    for (int i = 0; i < 100; i++) {
                        chars += name(mode, em.find(type, ids.get(random.nextInt(ids.size())))).length();
                    }
                    em.close();
                }
                phase(times, Phase.FINDS, t0, c0);
                if (chars == 0) {
                    throw new IllegalStateException("nothing read");
                }
                for (int k = 0; k < 2; k++) {
                    int base = k * phases;
                    times[base + Phase.TOTAL.ordinal()] = times[base + Phase.PERSIST.ordinal()]
                            + times[base + Phase.PAGES.ordinal()] + times[base + Phase.FINDS.ordinal()];
                }
                return times;
            } finally {
                emf.close();
            }
        }
    }

    private static void phase(long[] times, Phase phase, long wallStart, long cpuStart) {
        times[phase.ordinal()] = System.nanoTime() - wallStart;
        times[Phase.values().length + phase.ordinal()] = THREADS.getCurrentThreadCpuTime() - cpuStart;
    }

    void lookups(String db) throws Exception {
        Mode[] modes = {Mode.PLAIN, Mode.CUSTOS};
        int lookupRounds = Math.max(rounds, 5);
        long[][] lookupTimes = new long[2][lookupRounds];
        long[][] lookupCpu = new long[2][lookupRounds];
        long[] insert = new long[2];
        Target[] targets = new Target[2];
        EntityManagerFactory[] units = new EntityManagerFactory[2];
        try {
            for (int m = 0; m < 2; m++) {
                targets[m] = Target.open(db);
                units[m] = emf(targets[m], modes[m]);
                long t0 = System.nanoTime();
                for (int done = 0; done < lookupRows; done += 1000) {
                    EntityManager em = units[m].createEntityManager();
                    em.getTransaction().begin();
                    for (int i = done; i < Math.min(lookupRows, done + 1000); i++) {
                        em.persist(new LookupRow(code(i), "n" + i));
                    }
                    em.getTransaction().commit();
                    em.close();
                }
                insert[m] = System.nanoTime() - t0;
                targets[m].analyze("BENCH_LOOKUP");
                lookupRun(units[m], LOOKUPS); // warm-up
            }
            // alternate the two ways so that noise from other processes hits both alike
            for (int r = 0; r < lookupRounds; r++) {
                for (int k = 0; k < 2; k++) {
                    int m = (r + k) % 2;
                    long c0 = THREADS.getCurrentThreadCpuTime();
                    lookupTimes[m][r] = lookupRun(units[m], LOOKUPS);
                    lookupCpu[m][r] = THREADS.getCurrentThreadCpuTime() - c0;
                }
            }
        } finally {
            for (int m = 0; m < 2; m++) {
                if (units[m] != null) {
                    units[m].close();
                }
                if (targets[m] != null) {
                    targets[m].close();
                }
            }
        }
        long[] lookup = {median(lookupTimes[0]), median(lookupTimes[1])};
        out.printf("lookup over %d rows, %d equality queries on an indexed column (medians of %d, alternating):%n",
                lookupRows, LOOKUPS, lookupRounds);
        out.printf("  plaintext %8.0f ms   custos deterministic %8.0f ms   ratio %.2f   (insert: %.0f ms vs %.0f ms, %.2f)%n",
                lookup[0] / 1e6, lookup[1] / 1e6, (double) lookup[1] / lookup[0], insert[0] / 1e6, insert[1] / 1e6,
                (double) insert[1] / insert[0]);
        long[] cpu = {median(lookupCpu[0]), median(lookupCpu[1])};
        out.printf("  CPU time of the benchmark thread: plaintext %.0f ms, custos deterministic %.0f ms, ratio %.2f%n",
                cpu[0] / 1e6, cpu[1] / 1e6, (double) cpu[1] / cpu[0]);
    }

    static long median(long[] values) {
        long[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    long lookupRun(EntityManagerFactory emf, int count) {
        SplittableRandom random = new SplittableRandom(7);
        long t0 = System.nanoTime();
        for (int done = 0; done < count; done += 100) {
            EntityManager em = emf.createEntityManager();
            for (int i = 0; i < Math.min(100, count - done); i++) {
                String c = code(random.nextInt(lookupRows));
                LookupRow row = em.createQuery("SELECT l FROM LookupRow l WHERE l.code = :c", LookupRow.class)
                        .setParameter("c", c).getSingleResult();
                if (!row.getCode().equals(c)) {
                    throw new IllegalStateException("wrong row");
                }
            }
            em.close();
        }
        return System.nanoTime() - t0;
    }

    static String code(int i) {
        return String.format(Locale.ROOT, "UDI-%010d", i);
    }

    static Object row(Mode mode, int i) {
        String name = "Patient Name " + i;
        String idCard = String.format(Locale.ROOT, "1101051978%08d", i);
        String phone = "+86 138 " + String.format(Locale.ROOT, "%08d", i);
        String address = "Room " + (i % 900) + ", Building 7, 1288 Demo Road, Pudong, Shanghai 200120";
        String diagnosis = "Type 2 diabetes mellitus without complications; follow-up visit " + (i % 12);
        return mode == Mode.FLOOR ? new FloorRow(name, idCard, phone, address, diagnosis, "Ruijin")
                : new BenchRow(name, idCard, phone, address, diagnosis, "Ruijin");
    }

    static String name(Mode mode, Object o) {
        return mode == Mode.FLOOR ? ((FloorRow) o).getName() : ((BenchRow) o).getName();
    }

    /** {@code -Dbench.keys=kms}: Custos takes its keys from one KMS (H2 key store, software root key, warm cache). */
    private static final boolean KMS_KEYS = "kms".equals(System.getProperty("bench.keys"));
    private static io.custos.bench.kms.KmsBench kmsBench;
    private static io.custos.kms.CustosKms kms;

    private static synchronized io.custos.spi.DataKeySource keySource() throws Exception {
        if (!KMS_KEYS) {
            return new InMemoryKeySource();
        }
        if (kms == null) {
            kmsBench = new io.custos.bench.kms.KmsBench();
            kms = kmsBench.kms();
        }
        return kms;
    }

    static EntityManagerFactory emf(Target t, Mode mode) throws Exception {
        Map<String, Object> p = new HashMap<>();
        p.put("eclipselink.persistencexml", "META-INF/custos-jpa-bench-persistence.xml");
        p.put("jakarta.persistence.jdbc.url", t.url);
        p.put("jakarta.persistence.jdbc.user", t.user);
        p.put("jakarta.persistence.jdbc.password", "");
        p.put("eclipselink.ddl-generation", "create-tables");
        p.put("eclipselink.ddl-generation.output-mode", "database");
        p.put("eclipselink.jdbc.batch-writing", "JDBC");
        p.put("eclipselink.jdbc.batch-writing.size", String.valueOf(BATCH));
        p.put("eclipselink.cache.shared.default", "false");
        p.put("eclipselink.logging.level", "SEVERE");
        p.put("eclipselink.session-name", "bench-" + UUID.randomUUID());
        if (mode == Mode.CUSTOS) {
            p.put("eclipselink.session.customizer", CustosSessionCustomizer.class.getName());
            p.put(CustosSessionCustomizer.SERVICES, ProtectionServices.builder()
                    .crypto(CustosCrypto.builder().keySource(keySource()).build())
                    .policy(ProtectionPolicy.parse("bench-policy", POLICY))
                    .build());
        }
        EntityManagerFactory emf = Persistence.createEntityManagerFactory(mode == Mode.FLOOR ? "bench-floor" : "bench-row", p);
        emf.createEntityManager().close();
        return emf;
    }

    /** A fresh in-memory H2 database or PostgreSQL schema, dropped on close. */
    static final class Target implements AutoCloseable {
        final String kind;
        final String url;
        final String user;
        final String schema;

        private Target(String kind, String url, String user, String schema) {
            this.kind = kind;
            this.url = url;
            this.user = user;
            this.schema = schema;
        }

        static Target open(String kind) throws SQLException {
            String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
            if (kind.equals("h2")) {
                return new Target(kind, "jdbc:h2:mem:bench_" + suffix + ";DB_CLOSE_DELAY=-1", "sa", null);
            }
            if (!kind.equals("postgresql")) {
                throw new IllegalArgumentException("unknown database " + kind + " (h2, postgresql)");
            }
            String schema = "custos_bench_" + suffix;
            try (Connection c = DriverManager.getConnection(PG, "postgres", ""); Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + schema);
            }
            return new Target(kind, PG + "?currentSchema=" + schema, "postgres", schema);
        }

        void analyze(String table) throws SQLException {
            if (schema != null) {
                try (Connection c = DriverManager.getConnection(url, user, ""); Statement s = c.createStatement()) {
                    s.execute("ANALYZE " + table);
                }
            }
        }

        @Override
        public void close() throws SQLException {
            if (schema != null) {
                try (Connection c = DriverManager.getConnection(PG, "postgres", ""); Statement s = c.createStatement()) {
                    s.execute("DROP SCHEMA " + schema + " CASCADE");
                }
            } else {
                try (Connection c = DriverManager.getConnection(url, user, ""); Statement s = c.createStatement()) {
                    s.execute("SHUTDOWN");
                }
            }
        }

        @Override
        public String toString() {
            return kind + Arrays.toString(new String[] {schema});
        }
    }
}
