package io.custos.bench.audit;

import io.custos.api.KeyReference;
import io.custos.api.Secret;
import io.custos.audit.AuditConfig;
import io.custos.audit.AuditRecorder;
import io.custos.audit.verify.CanonicalEvent;
import io.custos.audit.verify.PackVerifier;
import io.custos.audit.verify.VerificationReport;
import io.custos.spi.AuditEvent;
import io.custos.spi.ProviderHealth;
import io.custos.spi.RootKeyProvider;
import io.custos.spi.SealedKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Harness: audit append throughput on PostgreSQL with integrity (hash chain, Merkle frontier, head-row
 * lock, signed checkpoints every 1000 events) against plain batched INSERTs of the same rows into a table
 * of the same shape, in the same run, batch for batch alternately so both meet the same machine load; then verification speed (live log and offline pack) in events/s.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.custos.bench.audit.AuditBenchmark [events] [batch] [rounds]</pre>
 *
 * Needs PostgreSQL at 127.0.0.1:5432 (trust, database test); works in a throw-away schema.
 */
public final class AuditBenchmark {
    private static final String URL = System.getProperty("custos.bench.pg", "jdbc:postgresql://127.0.0.1:5432/test");

    private AuditBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(URL);
        ds.setUser("postgres");
        String schema = "custos_audit_bench_" + Long.toHexString(System.nanoTime());
        exec(ds, "CREATE SCHEMA " + schema);
        RootKeyProvider signer = new EphemeralSigner();
        try {
            List<AuditEvent> sample = new ArrayList<>(events);
            for (int i = 0; i < events; i++) {
                sample.add(event(i));
            }
            exec(ds, "CREATE TABLE " + schema + ".plain_event (seq BIGINT PRIMARY KEY, event_time TIMESTAMPTZ NOT NULL,"
                    + " actor VARCHAR(256) NOT NULL, category VARCHAR(32) NOT NULL, action VARCHAR(128) NOT NULL,"
                    + " outcome VARCHAR(16) NOT NULL, leaf_hash BYTEA NOT NULL, body TEXT NOT NULL)");
            exec(ds, "CREATE INDEX plain_event_time ON " + schema + ".plain_event (event_time)");
            AuditConfig config = AuditConfig.defaults().withSchema(schema).withCheckpoints(1000, Duration.ZERO);
            double[] plain = new double[rounds];
            double[] audited = new double[rounds];
            double[] threadsAudited = new double[rounds];
            double[] threadsPlain = new double[rounds];
            try (AuditRecorder recorder = AuditRecorder.start(ds, signer, config)) {
                // warm-up of both paths
                plainInsert(ds, schema, sample.subList(0, Math.min(events, 2000)), batch, 1_000_000_000L);
                recordBatched(recorder, sample.subList(0, Math.min(events, 2000)), batch);
                for (int r = 0; r < rounds; r++) {
                    double[] pair = interleaved(ds, schema, recorder, sample, batch, (r + 2L) * 1_000_000_000L);
                    plain[r] = pair[0];
                    audited[r] = pair[1];
                    threadsPlain[r] = plainSingleRowThreads(ds, schema, sample.subList(0, Math.min(events, 4000)), 8,
                            (r + 20L) * 1_000_000_000L);
                    threadsAudited[r] = recordThreads(recorder, sample.subList(0, Math.min(events, 4000)), 8);
                }
                long t0 = System.nanoTime();
                VerificationReport live = recorder.verify();
                double liveSeconds = (System.nanoTime() - t0) / 1e9;
                Path pack = Files.createTempDirectory("custos-audit-bench").resolve("pack");
                recorder.exportPack(Instant.EPOCH, Instant.now().plusSeconds(60), pack);
                long t1 = System.nanoTime();
                VerificationReport offline = PackVerifier.verify(pack, signer.signingPublicKey());
                double packSeconds = (System.nanoTime() - t1) / 1e9;
                if (!live.intact() || !offline.intact()) {
                    throw new IllegalStateException("benchmark log does not verify: " + live.problem() + " / " + offline.problem());
                }
                print(events, batch, rounds, plain, audited, threadsPlain, threadsAudited, live, liveSeconds, offline,
                        packSeconds);
            }
        } finally {
            exec(ds, "DROP SCHEMA " + schema + " CASCADE");
        }
    }

    private static void print(int events, int batch, int rounds, double[] plain, double[] audited, double[] threadsPlain,
                              double[] threadsAudited, VerificationReport live, double liveSeconds,
                              VerificationReport offline, double packSeconds) {
        double p = median(plain);
        double a = median(audited);
        double tp = median(threadsPlain);
        double ta = median(threadsAudited);
        System.out.printf(Locale.ROOT, "%n## Audit append on PostgreSQL (%d events, batches of %d, median of %d rounds)%n%n",
                events, batch, rounds);
        System.out.println("| path | events/s | ratio to baseline |");
        System.out.println("|---|---:|---:|");
        System.out.printf(Locale.ROOT, "| plain batched INSERT, same rows (baseline) | %,.0f | 1.00 |%n", p);
        System.out.printf(Locale.ROOT, "| AuditRecorder.recordAll, integrity on | %,.0f | %.2f |%n", a, a / p);
        System.out.printf(Locale.ROOT, "| 8 threads, one INSERT + commit per event (baseline) | %,.0f | 1.00 |%n", tp);
        System.out.printf(Locale.ROOT, "| 8 threads, AuditRecorder.record (group commit) | %,.0f | %.2f |%n", ta, ta / tp);
        double[] ratios = new double[plain.length];
        for (int i = 0; i < plain.length; i++) {
            ratios[i] = audited[i] / plain[i];
        }
        System.out.printf(Locale.ROOT, "%nper-round ratio audited/plain (batched): median %.2f, rounds %s%n", median(ratios),
                Arrays.toString(Arrays.stream(ratios).map(x -> Math.round(x * 100) / 100.0).toArray()));
        System.out.printf(Locale.ROOT, "rounds: plain %s, audited %s, threads plain %s, threads audited %s%n",
                fmt(plain), fmt(audited), fmt(threadsPlain), fmt(threadsAudited));
        System.out.printf(Locale.ROOT, "%n| verification | events | seconds | events/s |%n|---|---:|---:|---:|%n");
        System.out.printf(Locale.ROOT, "| live log (JDBC), %d checkpoints | %d | %.2f | %,.0f |%n",
                live.checkpointsVerified(), live.eventsChecked(), liveSeconds, live.eventsChecked() / liveSeconds);
        System.out.printf(Locale.ROOT, "| evidence pack (offline), %d checkpoints | %d | %.2f | %,.0f |%n",
                offline.checkpointsVerified(), offline.eventsChecked(), packSeconds, offline.eventsChecked() / packSeconds);
    }

    /**
     * Plain and audited batches alternate (order flipping each time), so both meet the same load on a
     * shared machine; returns {plain events/s, audited events/s}.
     */
    private static double[] interleaved(PGSimpleDataSource ds, String schema, AuditRecorder recorder,
                                        List<AuditEvent> sample, int batch, long seqBase) throws Exception {
        long plainNanos = 0;
        long auditedNanos = 0;
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement p = c.prepareStatement("INSERT INTO " + schema + ".plain_event VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                byte[] zero = new byte[32];
                for (int from = 0, k = 0; from < sample.size(); from += batch, k++) {
                    List<AuditEvent> slice = sample.subList(from, Math.min(sample.size(), from + batch));
                    for (int turn = 0; turn < 2; turn++) {
                        boolean plainTurn = (turn == 0) == (k % 2 == 0);
                        long t0 = System.nanoTime();
                        if (plainTurn) {
                            for (int i = 0; i < slice.size(); i++) {
                                long seq = seqBase + from + i;
                                fill(p, seq, slice.get(i), zero, CanonicalEvent.encode(seq, zero, slice.get(i)));
                                p.addBatch();
                            }
                            p.executeBatch();
                            c.commit();
                            plainNanos += System.nanoTime() - t0;
                        } else {
                            recorder.recordAll(slice);
                            auditedNanos += System.nanoTime() - t0;
                        }
                    }
                }
            }
        }
        return new double[] {sample.size() / (plainNanos / 1e9), sample.size() / (auditedNanos / 1e9)};
    }

    private static double plainInsert(PGSimpleDataSource ds, String schema, List<AuditEvent> sample, int batch,
                                      long seqBase) throws Exception {
        long t0 = System.nanoTime();
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement p = c.prepareStatement("INSERT INTO " + schema + ".plain_event VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                byte[] zero = new byte[32];
                for (int i = 0; i < sample.size(); i++) {
                    AuditEvent e = sample.get(i);
                    fill(p, seqBase + i, e, zero, CanonicalEvent.encode(seqBase + i, zero, e));
                    p.addBatch();
                    if ((i + 1) % batch == 0 || i == sample.size() - 1) {
                        p.executeBatch();
                        c.commit();
                    }
                }
            }
        }
        return sample.size() / ((System.nanoTime() - t0) / 1e9);
    }

    private static double plainSingleRowThreads(PGSimpleDataSource ds, String schema, List<AuditEvent> sample, int threads,
                                                long seqBase) throws Exception {
        AtomicInteger next = new AtomicInteger();
        long t0 = System.nanoTime();
        runThreads(threads, () -> {
            try (Connection c = ds.getConnection();
                 PreparedStatement p = c.prepareStatement("INSERT INTO " + schema + ".plain_event VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                byte[] zero = new byte[32];
                int i;
                while ((i = next.getAndIncrement()) < sample.size()) {
                    AuditEvent e = sample.get(i);
                    fill(p, seqBase + i, e, zero, CanonicalEvent.encode(seqBase + i, zero, e));
                    p.executeUpdate();
                }
            }
            return null;
        });
        return sample.size() / ((System.nanoTime() - t0) / 1e9);
    }

    private static double recordBatched(AuditRecorder recorder, List<AuditEvent> sample, int batch) throws Exception {
        long t0 = System.nanoTime();
        for (int i = 0; i < sample.size(); i += batch) {
            recorder.recordAll(sample.subList(i, Math.min(sample.size(), i + batch)));
        }
        return sample.size() / ((System.nanoTime() - t0) / 1e9);
    }

    private static double recordThreads(AuditRecorder recorder, List<AuditEvent> sample, int threads) throws Exception {
        AtomicInteger next = new AtomicInteger();
        long t0 = System.nanoTime();
        runThreads(threads, () -> {
            int i;
            while ((i = next.getAndIncrement()) < sample.size()) {
                recorder.record(sample.get(i));
            }
            return null;
        });
        return sample.size() / ((System.nanoTime() - t0) / 1e9);
    }

    private static void fill(PreparedStatement p, long seq, AuditEvent e, byte[] hash, String body) throws Exception {
        p.setLong(1, seq);
        p.setObject(2, OffsetDateTime.ofInstant(e.time(), ZoneOffset.UTC));
        p.setString(3, e.actor());
        p.setString(4, e.category().name());
        p.setString(5, e.action());
        p.setString(6, e.outcome().name());
        p.setBytes(7, hash);
        p.setString(8, body);
    }

    private static void runThreads(int n, java.util.concurrent.Callable<Void> work) throws Exception {
        List<Thread> threads = new ArrayList<>();
        List<Exception> errors = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int t = 0; t < n; t++) {
            Thread th = new Thread(() -> {
                try {
                    work.call();
                } catch (Exception e) {
                    errors.add(e);
                }
            });
            th.start();
            threads.add(th);
        }
        for (Thread th : threads) {
            th.join();
        }
        if (!errors.isEmpty()) {
            throw errors.get(0);
        }
    }

    private static AuditEvent event(int i) {
        return new AuditEvent(Instant.now(), ZoneId.of("Asia/Shanghai"), "user" + (i % 50), AuditEvent.Category.DATA_ACCESS,
                "decrypt", AuditEvent.Outcome.SUCCESS, "tenant-1", "PATIENT.NAME", Integer.toString(100_000 + i),
                new KeyReference(7, 3), "treatment", Map.of("level", "CRITICAL"));
    }

    private static void exec(PGSimpleDataSource ds, String sql) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static String fmt(double[] v) {
        StringBuilder b = new StringBuilder("[");
        for (double d : v) {
            b.append(b.length() > 1 ? ", " : "").append(String.format(Locale.ROOT, "%.0f", d));
        }
        return b.append(']').toString();
    }

    /** Signs with an in-memory EC P-256 key, as the software or HSM provider would. */
    private static final class EphemeralSigner implements RootKeyProvider {
        private final KeyPair pair;

        EphemeralSigner() throws GeneralSecurityException {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            pair = g.generateKeyPair();
        }

        @Override
        public String id() {
            return "bench";
        }

        @Override
        public SealedKey seal(Secret dataKey, KeyReference ref) {
            throw new UnsupportedOperationException("signing only");
        }

        @Override
        public Secret unseal(SealedKey sealed, KeyReference ref) {
            throw new UnsupportedOperationException("signing only");
        }

        @Override
        public byte[] sign(byte[] data) {
            try {
                Signature s = Signature.getInstance("SHA256withECDSA");
                s.initSign(pair.getPrivate());
                s.update(data);
                return s.sign();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public PublicKey signingPublicKey() {
            return pair.getPublic();
        }

        @Override
        public String signatureAlgorithm() {
            return "SHA256withECDSA";
        }

        @Override
        public ProviderHealth health() {
            return ProviderHealth.up("bench");
        }

        @Override
        public void close() {
        }
    }
}
