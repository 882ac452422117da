package io.custos.bench;

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
 * Runs a benchmark class and prints a Markdown table of throughput and the ratio of every method to a
 * baseline method measured in the same run, per parameter value.
 *
 * <pre>java -cp benchmarks.jar io.custos.bench.Report [--quick] [ClassRegex] [baselineMethod]</pre>
 */
public final class Report {
    private Report() {
    }

    public static void main(String[] args) throws Exception {
        boolean quick = List.of(args).contains("--quick");
        List<String> rest = new ArrayList<>(List.of(args));
        rest.remove("--quick");
        String include = rest.isEmpty() ? FieldCryptoBenchmark.class.getSimpleName() : rest.get(0);
        String baseline = rest.size() > 1 ? rest.get(1) : "rawJdkAesGcm";

        ChainedOptionsBuilder opts = new OptionsBuilder().include(include).shouldFailOnError(true)
                .jvmArgsAppend("-Xms512m", "-Xmx512m");
        if (quick) {
            opts.forks(1).warmupIterations(2).warmupTime(TimeValue.seconds(1))
                    .measurementIterations(3).measurementTime(TimeValue.seconds(1));
        } else {
            opts.forks(2).warmupIterations(3).warmupTime(TimeValue.seconds(2))
                    .measurementIterations(5).measurementTime(TimeValue.seconds(2));
        }
        Collection<RunResult> results = new Runner(opts.build()).run();
        print(results, baseline);
    }

    static void print(Collection<RunResult> results, String baseline) {
        Map<String, Map<String, double[]>> byParam = new TreeMap<>((a, b) -> {
            try {
                return Integer.compare(Integer.parseInt(a), Integer.parseInt(b));
            } catch (NumberFormatException e) {
                return a.compareTo(b);
            }
        });
        for (RunResult r : results) {
            String label = r.getParams().getBenchmark();
            String method = label.substring(label.lastIndexOf('.') + 1);
            String param = String.join(",", r.getParams().getParamsKeys().stream().map(r.getParams()::getParam).toList());
            double score = r.getPrimaryResult().getScore();
            double error = r.getPrimaryResult().getScoreError();
            byParam.computeIfAbsent(param.isEmpty() ? "-" : param, k -> new TreeMap<>()).put(method, new double[] {score, error});
        }
        StringBuilder out = new StringBuilder("\n| params | method | ops/s | ± | ratio to " + baseline + " |\n|---|---|---:|---:|---:|\n");
        byParam.forEach((param, methods) -> {
            double[] base = methods.get(baseline);
            methods.forEach((method, s) -> out.append(String.format("| %s | %s | %,.0f | %,.0f | %s |%n", param, method, s[0], s[1],
                    base == null ? "n/a" : String.format("%.2fx", s[0] / base[0]))));
        });
        System.out.println(out);
    }
}
