package io.custos.audit;

import io.custos.audit.testing.Events;
import io.custos.audit.testing.Keystores;
import io.custos.spi.RootKeyProvider;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A second application instance, run in its own JVM by {@link PostgresAuditRecorderTest} and killed there.
 * Modes: {@code loop} appends batches for ever and prints {@code ok <total>} after each commit;
 * {@code hold} appends one event in an open transaction, prints {@code HOLDING} and waits, head lock held.
 */
public final class ChildWriter {
    private ChildWriter() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String schema = args[1];
        Path keystore = Path.of(args[2]);
        String mode = args[3];
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url);
        ds.setUser("postgres");
        RootKeyProvider signer = Keystores.open(keystore);
        AuditConfig config = AuditConfig.defaults().withSchema(schema).withCheckpoints(50, Duration.ZERO);
        try (AuditRecorder r = AuditRecorder.start(ds, signer, config)) {
            if (mode.equals("hold")) {
                try (Connection c = ds.getConnection()) {
                    c.setAutoCommit(false);
                    r.record(c, Events.read("child-hold", 0));
                    out.println("HOLDING");
                    Thread.sleep(120_000);
                    c.commit();
                }
                return;
            }
            long total = 0;
            while (true) {
                java.util.List<io.custos.spi.AuditEvent> batch = new java.util.ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    batch.add(Events.read("child-loop", (int) total + i));
                }
                r.recordAll(batch);
                total += batch.size();
                out.println("ok " + total);
            }
        }
    }
}
