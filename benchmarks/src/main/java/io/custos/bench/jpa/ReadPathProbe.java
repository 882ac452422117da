package io.custos.bench.jpa;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.util.Arrays;
import java.util.Locale;

/**
 * The read path alone, for profiling: persists rows once per way (floor, Custos), then loads them in
 * pages many times, alternating the two ways, and prints the median page-load time of each and the
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
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        try {
            for (int m = 0; m < 2; m++) {
                targets[m] = JpaBench.Target.open(db);
                units[m] = JpaBench.emf(targets[m], modes[m]);
                EntityManager em = units[m].createEntityManager();
                em.getTransaction().begin();
                for (int i = 0; i < rows; i++) {
                    em.persist(JpaBench.row(modes[m], i));
                    if (i % JpaBench.BATCH == JpaBench.BATCH - 1) {
                        em.flush();
                        em.clear();
                    }
                }
                em.getTransaction().commit();
                em.close();
            }
            for (int it = 0; it < iterations; it++) {
                for (int m = 0; m < 2; m++) {
                    long c0 = threads.getCurrentThreadCpuTime();
                    times[m][it] = m == 0 ? pagesFloor(units[m], rows) : pagesCustos(units[m], rows);
                    cpu[m][it] = threads.getCurrentThreadCpuTime() - c0;
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
