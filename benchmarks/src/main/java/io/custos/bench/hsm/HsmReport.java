package io.custos.bench.hsm;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link HsmSealBenchmark} with 1 and 4 threads and prints a Markdown table: ops/s of seal and unseal
 * for each provider and thread count, and the PKCS#11 (SoftHSM2) figure as a ratio of the software
 * provider's in the same run.
 *
 * <pre>SOFTHSM2_CONF=/tmp/custos-bench-hsm/softhsm2.conf java -cp benchmarks.jar io.custos.bench.hsm.HsmReport [--quick]</pre>
 */
public final class HsmReport {
    private HsmReport() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        HsmSealBenchmark.ensureToken(); // before any JVM loads the library
        Map<String, double[]> scores = new TreeMap<>();
        for (int threads : new int[] {1, 4}) {
            ChainedOptionsBuilder opts = new OptionsBuilder().include(HsmSealBenchmark.class.getSimpleName())
                    .shouldFailOnError(true).threads(threads).jvmArgsAppend("-Xms256m", "-Xmx256m");
            if (quick) {
                opts.forks(1).warmupIterations(2).warmupTime(TimeValue.seconds(1))
                        .measurementIterations(3).measurementTime(TimeValue.seconds(2));
            } else {
                opts.forks(2).warmupIterations(3).warmupTime(TimeValue.seconds(2))
                        .measurementIterations(5).measurementTime(TimeValue.seconds(3));
            }
            Collection<RunResult> results = new Runner(opts.build()).run();
            for (RunResult r : results) {
                String b = r.getParams().getBenchmark();
                String op = b.substring(b.lastIndexOf('.') + 1);
                scores.put(op + "|" + threads + "|" + r.getParams().getParam("provider"),
                        new double[] {r.getPrimaryResult().getScore(), r.getPrimaryResult().getScoreError()});
            }
        }
        List<String> rows = new ArrayList<>();
        rows.add("| operation | threads | software ops/s | SoftHSM2 (pkcs11) ops/s | pkcs11 / software |");
        rows.add("|---|---:|---:|---:|---:|");
        for (String op : List.of("seal", "unseal")) {
            for (int threads : new int[] {1, 4}) {
                double[] sw = scores.get(op + "|" + threads + "|software");
                double[] hsm = scores.get(op + "|" + threads + "|pkcs11");
                rows.add(String.format("| %s | %d | %,.0f ± %,.0f | %,.0f ± %,.0f | %.3fx |", op, threads,
                        sw[0], sw[1], hsm[0], hsm[1], hsm[0] / sw[0]));
            }
        }
        System.out.println();
        rows.forEach(System.out::println);
    }
}
