package io.custos.bench.jpa;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.util.Arrays;
import java.util.Locale;

/**
 * The read path alone, for profiling: persists rows once per way (floor, Custos), then loads them in
 * pages and by single finds many times, alternating the two ways, and prints the median page-load time of each and the
 * ratio, in wall-clock time and in the CPU time of the reading thread (far less disturbed by other
 * processes on a shared machine; on PostgreSQL it leaves out the server's work). Run under a profiler (JFR)
 * to see where Custos spends its extra time per value.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.custos.bench.jpa.ReadPathProbe [rows] [iterations] [h2|postgresql]</pre>
 */
public final class ReadPathProbe {
    private ReadPathProbe() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        String db = args.length > 2 ? args[2] : "h2";
        java.util.logging.Logger.getLogger("io.custos").setLevel(java.util.logging.Level.WARNING);
        JpaBench.Mode[] modes = {JpaBench.Mode.FLOOR, JpaBench.Mode.CUSTOS};
        JpaBench.Target[] targets = new JpaBench.Target[2];
        EntityManagerFactory[] units = new EntityManagerFactory[2];
        long[][] times = new long[2][iterations];
        long[][] cpu = new long[2][iterations];
        long[][] findTimes = new long[2][iterations];
        long[][] findCpu = new long[2][iterations];
        java.util.List<java.util.List<Long>> ids = new java.util.ArrayList<>();
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        try {
            for (int m = 0; m < 2; m++) {
                targets[m] = JpaBench.Target.open(db);
                units[m] = JpaBench.emf(targets[m], modes[m]);
                EntityManager em = units[m].createEntityManager();
                em.getTransaction().begin();
                java.util.List<Object> persisted = new java.util.ArrayList<>();
                for (int i = 0; i < rows; i++) {
                    Object row = JpaBench.row(modes[m], i);
                    em.persist(row);
                    persisted.add(row);
                    if (i % JpaBench.BATCH == JpaBench.BATCH - 1) {
                        em.flush();
                        em.clear();
                    }
                }
                em.getTransaction().commit();
                em.close();
                java.util.List<Long> keys = new java.util.ArrayList<>();
                for (Object row : persisted) {
                    keys.add(row instanceof FloorRow f ? f.getId() : ((BenchRow) row).getId());
                }
                ids.add(keys);
                targets[m].analyze("BENCH_ROW");
            }
            for (int it = 0; it < iterations; it++) {
                for (int m = 0; m < 2; m++) {
                    long c0 = threads.getCurrentThreadCpuTime();
                    times[m][it] = m == 0 ? pagesFloor(units[m], rows) : pagesCustos(units[m], rows);
                    cpu[m][it] = threads.getCurrentThreadCpuTime() - c0;
                    c0 = threads.getCurrentThreadCpuTime();
                    findTimes[m][it] = m == 0 ? findsFloor(units[m], ids.get(m)) : findsCustos(units[m], ids.get(m));
                    findCpu[m][it] = threads.getCurrentThreadCpuTime() - c0;
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
        double floor = median(times[0]) / 1e6;
        double custos = median(times[1]) / 1e6;
        double floorCpu = median(cpu[0]) / 1e6;
        double custosCpu = median(cpu[1]) / 1e6;
        System.out.printf(Locale.ROOT, "%s: %d rows, %d iterations: pages floor %.1f ms, custos %.1f ms (medians), custos/floor %.2f;"
                + " this thread's CPU time floor %.1f ms, custos %.1f ms, custos/floor %.2f%n",
                db, rows, iterations, floor, custos, custos / floor, floorCpu, custosCpu, custosCpu / floorCpu);
        floor = median(findTimes[0]) / 1e6;
        custos = median(findTimes[1]) / 1e6;
        floorCpu = median(findCpu[0]) / 1e6;
        custosCpu = median(findCpu[1]) / 1e6;
        System.out.printf(Locale.ROOT, "%s: %d finds: floor %.1f ms, custos %.1f ms (medians), custos/floor %.2f;"
                + " this thread's CPU time floor %.1f ms, custos %.1f ms, custos/floor %.2f%n",
                db, FINDS, floor, custos, custos / floor, floorCpu, custosCpu, custosCpu / floorCpu);
    }

    static final int FINDS = 2000;

    static long findsFloor(EntityManagerFactory emf, java.util.List<Long> ids) {
        return finds(emf, FloorRow.class, ids);
    }

    static long findsCustos(EntityManagerFactory emf, java.util.List<Long> ids) {
        return finds(emf, BenchRow.class, ids);
    }

    static long finds(EntityManagerFactory emf, Class<?> type, java.util.List<Long> ids) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        long t0 = System.nanoTime();
        for (int done = 0; done < FINDS; done += 100) {
            EntityManager em = emf.createEntityManager();
            for (int i = 0; i < 100; i++) {
                if (em.find(type, ids.get(random.nextInt(ids.size()))) == null) {
                    throw new IllegalStateException("row missing");
                }
            }
            em.close();
        }
        return System.nanoTime() - t0;
    }

    // separate methods, so a profiler's stacks tell the two ways apart
    static long pagesFloor(EntityManagerFactory emf, int rows) {
        return pages(emf, JpaBench.Mode.FLOOR, rows);
    }

    static long pagesCustos(EntityManagerFactory emf, int rows) {
        return pages(emf, JpaBench.Mode.CUSTOS, rows);
    }

    static long pages(EntityManagerFactory emf, JpaBench.Mode mode, int rows) {
        String entity = mode == JpaBench.Mode.FLOOR ? "FloorRow" : "BenchRow";
        long chars = 0;
        long t0 = System.nanoTime();
        for (int page = 0; page * JpaBench.PAGE < rows; page++) {
            EntityManager em = emf.createEntityManager();
            for (Object o : em.createQuery("SELECT r FROM " + entity + " r ORDER BY r.id")
                    .setFirstResult(page * JpaBench.PAGE).setMaxResults(JpaBench.PAGE).getResultList()) {
                chars += JpaBench.name(mode, o).length();
            }
            em.close();
        }
        long t = System.nanoTime() - t0;
        if (chars == 0) {
            throw new IllegalStateException("nothing read");
        }
        return t;
    }

    static double median(long[] values) {
        // the first third of the iterations is warm-up (JIT), left out
        long[] kept = Arrays.copyOfRange(values, values.length / 3, values.length);
        Arrays.sort(kept);
        return kept.length % 2 == 1 ? kept[kept.length / 2] : (kept[kept.length / 2 - 1] + kept[kept.length / 2]) / 2.0;
    }
}
