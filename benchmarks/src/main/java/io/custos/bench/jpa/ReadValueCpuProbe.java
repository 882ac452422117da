package io.custos.bench.jpa;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * {@link ReadValueBenchmark}'s cases timed by the CPU time of this thread (robust on a shared machine, where
 * JMH's wall-clock scores scatter): medians of rounds 6..15 of 200,000 rows each.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.custos.bench.jpa.ReadValueCpuProbe</pre>
 */
public final class ReadValueCpuProbe {
    private ReadValueCpuProbe() {
    }

    public static void main(String[] a) throws Exception {
        ReadValueBenchmark b = new ReadValueBenchmark();
        b.setUp();
        ThreadMXBean t = ManagementFactory.getThreadMXBean();
        String[] names = {"floorRow", "custosRowWithRowOf", "custosRowWithRowIdEachColumn", "custosRowContextOnly"};
        int iters = 200_000;
        long[][] res = new long[4][15];
        long sink = 0;
        for (int r = 0; r < 15; r++) {
            for (int k = 0; k < 4; k++) {
                long c0 = t.getCurrentThreadCpuTime();
                for (int i = 0; i < iters; i++) {
                    sink += switch (k) {
                        case 0 -> b.floorRow();
                        case 1 -> b.custosRowWithRowOf();
                        case 2 -> b.custosRowWithRowIdEachColumn();
                        default -> b.custosRowContextOnly();
                    };
                }
                res[k][r] = t.getCurrentThreadCpuTime() - c0;
            }
        }
        for (int k = 0; k < 4; k++) {
            long[] v = Arrays.copyOfRange(res[k], 5, 15); Arrays.sort(v);
            System.out.printf("%-30s %7.0f ns per row (5 values)%n", names[k], v[5] / (double) iters);
        }
        System.out.println("(checksum " + sink + ")");
    }
}
