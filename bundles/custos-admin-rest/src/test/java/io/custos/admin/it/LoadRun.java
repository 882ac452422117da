package io.custos.admin.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code clients} threads call the API for a bounded time over loopback: the key list (60 %), one key (20 %), an
 * audit page (10 %) and {@code /api/me} (10 %, token check and JAX-RS only), checking every answer; 5 of the
 * clients instead rotate one shared key as fast as they can, and every rotation must either win or be refused
 * cleanly, the key ending at exactly 1 + the number of wins. Latencies go to {@code target/it-work/load-report.txt}; speed is
 * reported, never asserted.
 */
final class LoadRun {
    record Result(long requests, long errors, String firstError, double p50Ms, double p99Ms, double maxMs,
                  double perSecond) {
    }

    static final String[] KINDS = {"list", "one-key", "audit", "me", "rotate"};
    /** Clients that rotate one shared key instead of reading. */
    static final int WRITERS = 5;

    private final Http http;
    private final int clients;
    private final long seconds;

    LoadRun(Http http, int clients, long seconds) {
        this.http = http;
        this.clients = clients;
        this.seconds = seconds;
    }

    Result run() throws Exception {
        Fixtures f = new Fixtures(http);
        long keyId = f.key(true);
        long rotated = f.key(true);
        AtomicLong rotations = new AtomicLong();
        AtomicLong conflicts = new AtomicLong();
        int keyCount = Json.array(http.get("/api/keys", Actors.AUDITOR.token()).body()).size();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        AtomicLong errors = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>("none");
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        double loadAverage = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        List<Future<long[][]>> futures = new ArrayList<>();
        long start = System.nanoTime();
        for (int c = 0; c < clients; c++) {
            final int id = c;
            futures.add(pool.submit(() -> {
                boolean writer = id < WRITERS;
                String token = writer ? Tokens.mint("load-writer-" + id, List.of("key-custodian"))
                        : Tokens.mint("load-" + id, List.of("auditor"));
                long[][] lat = new long[KINDS.length][1 << 12];
                int[] n = new int[KINDS.length];
                for (long i = id; System.nanoTime() < deadline; i++) {
                    int kind = writer ? 4 : i % 10 < 6 ? 0 : i % 10 < 8 ? 1 : i % 10 < 9 ? 2 : 3;
                    String path = switch (kind) {
                        case 0 -> "/api/keys";
                        case 1 -> "/api/keys/" + keyId;
                        case 2 -> "/api/audit/events?size=20";
                        case 3 -> "/api/me";
                        default -> "/api/keys/" + rotated + "/rotate";
                    };
                    HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(http.base() + path))
                            .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30));
                    HttpRequest req = writer ? rb.POST(HttpRequest.BodyPublishers.noBody()).build() : rb.GET().build();
                    long t0 = System.nanoTime();
                    String problem;
                    try {
                        HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
                        if (writer) {
                            // of concurrent rotations of one key, each wins (200) or loses cleanly (409, CUSTOS-3101)
                            if (r.statusCode() == 200) {
                                rotations.incrementAndGet();
                                problem = null;
                            } else if (r.statusCode() == 409 && r.body().contains("CUSTOS-3101")) {
                                conflicts.incrementAndGet();
                                problem = null;
                            } else {
                                problem = path + ": HTTP " + r.statusCode() + " " + r.body();
                            }
                        } else {
                            problem = check(path, r, keyId, keyCount);
                        }
                    } catch (IOException e) {
                        problem = path + ": " + e;
                    }
                    long t = System.nanoTime() - t0;
                    if (problem != null) {
                        errors.incrementAndGet();
                        firstError.compareAndSet("none", problem);
                    }
                    if (n[kind] == lat[kind].length) {
                        lat[kind] = Arrays.copyOf(lat[kind], n[kind] * 2);
                    }
                    lat[kind][n[kind]++] = t;
                }
                for (int k = 0; k < KINDS.length; k++) {
                    lat[k] = Arrays.copyOf(lat[k], n[k]);
                }
                return lat;
            }));
        }
        List<long[][]> all = new ArrayList<>();
        for (Future<long[][]> fu : futures) {
            all.add(fu.get());
        }
        pool.shutdown();
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] merged = all.stream().flatMap(Arrays::stream).flatMapToLong(Arrays::stream).sorted().toArray();
        Result r = new Result(merged.length, errors.get(), firstError.get(), ms(merged, 0.50), ms(merged, 0.99),
                merged.length == 0 ? 0 : merged[merged.length - 1] / 1e6, merged.length / elapsed);
        StringBuilder report = new StringBuilder(String.format(Locale.ROOT, "custos-admin-rest load run: %d clients,"
                        + " %.1f s, loopback, %d keys listed per call, %d CPUs, load average at start %.1f%n"
                        + "all      requests %6d  errors %d  throughput %.0f req/s  p50 %7.1f ms  p99 %7.1f ms"
                        + "  max %7.1f ms%n", clients, elapsed, keyCount, Runtime.getRuntime().availableProcessors(),
                loadAverage, r.requests(), r.errors(), r.perSecond(), r.p50Ms(), r.p99Ms(), r.maxMs()));
        for (int k = 0; k < KINDS.length; k++) {
            final int kind = k;
            long[] one = all.stream().flatMapToLong(a -> Arrays.stream(a[kind])).sorted().toArray();
            report.append(String.format(Locale.ROOT, "%-8s requests %6d  p50 %7.1f ms  p99 %7.1f ms%n", KINDS[k],
                    one.length, ms(one, 0.50), ms(one, 0.99)));
        }
        String after = http.get("/api/keys/" + rotated, Actors.AUDITOR.token()).body();
        long version = Json.num(Json.object(after), "currentVersion");
        int versions = ((List<?>) Json.object(after).get("versions")).size();
        report.append(String.format(Locale.ROOT, "rotations of one key by %d writers: %d won, %d refused with"
                + " CUSTOS-3101; the key is at version %d with %d versions%n", WRITERS, rotations.get(), conflicts.get(),
                version, versions));
        if (version != 1 + rotations.get() || versions != version) {
            errors.incrementAndGet();
            firstError.compareAndSet("none", "key " + rotated + " is at version " + version + " with " + versions
                    + " versions after " + rotations.get() + " successful rotations");
            r = new Result(r.requests(), errors.get(), firstError.get(), r.p50Ms(), r.p99Ms(), r.maxMs(), r.perSecond());
        }
        report.append("first error: ").append(r.firstError()).append('\n');
        Files.writeString(Deployments.WORK.resolve("load-report.txt"), report);
        System.out.print(report);
        return r;
    }

    private static String check(String path, HttpResponse<String> r, long keyId, int keyCount) {
        if (r.statusCode() != 200) {
            return path + ": HTTP " + r.statusCode() + " " + r.body();
        }
        if (path.equals("/api/keys")) {
            // count rather than parse: the client shares the two cores with the server
            int size = r.body().split("\"keyId\":", -1).length - 1;
            return size >= keyCount ? null : path + ": " + size + " keys instead of at least " + keyCount;
        }
        if (path.startsWith("/api/keys/")) {
            return r.body().contains("\"keyId\":" + keyId + ",") ? null : path + ": another key came back";
        }
        if (path.equals("/api/me")) {
            return r.body().contains("\"roles\":[\"auditor\"]") ? null : path + ": wrong caller";
        }
        return r.body().contains("\"events\":[{") ? null : path + ": no events";
    }

    private static double ms(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] / 1e6;
    }
}
