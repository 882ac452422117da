package io.custos.kms.testing;

import io.custos.api.error.CryptoException;
import io.custos.kms.Actor;
import io.custos.kms.CustosKms;
import io.custos.kms.KmsConfig;
import io.custos.kms.Role;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/** One key store in its own schema (PostgreSQL) or database (H2), with a clock, root key and audit sink. */
public final class Fixture implements AutoCloseable {
    public static final Actor CUSTODIAN = Actor.of("carol", Role.KEY_CUSTODIAN);
    public static final Actor CUSTODIAN2 = Actor.of("kurt", Role.KEY_CUSTODIAN);
    public static final Actor CUSTODIAN3 = Actor.of("kim", Role.KEY_CUSTODIAN);
    public static final Actor OFFICER1 = Actor.of("oscar", Role.SECURITY_OFFICER);
    public static final Actor OFFICER2 = Actor.of("olga", Role.SECURITY_OFFICER);
    public static final Actor AUDITOR = Actor.of("audrey", Role.AUDITOR);
    public static final Actor OPERATOR = Actor.of("dan", Role.DATA_OPERATOR);

    public final Backend backend;
    public final String schema;
    public final DataSource raw;
    public final FailingDataSource dataSource;
    public final MutableClock clock = new MutableClock();
    public final TestRoot root = new TestRoot("test:root-1");
    public final RecordingAudit audit = new RecordingAudit();
    private final List<CustosKms> instances = new ArrayList<>();

    private Fixture(Backend backend) {
        this.backend = backend;
        this.schema = "custos_kms_" + HexFormat.of().formatHex(longBytes(ThreadLocalRandom.current().nextLong()));
        this.raw = backend.dataSource(schema);
        this.dataSource = new FailingDataSource(raw);
    }

    public static Fixture open(Backend backend) {
        return new Fixture(backend);
    }

    public KmsConfig.Builder config() {
        return KmsConfig.builder().schema(schema).clock(clock);
    }

    public CustosKms kms() throws CryptoException {
        return kms(b -> b);
    }

    /** A new KMS instance on this store. */
    public CustosKms kms(UnaryOperator<KmsConfig.Builder> tweak) throws CryptoException {
        CustosKms kms = CustosKms.builder().dataSource(dataSource).rootKeyProvider(root).auditSink(audit)
                .config(tweak.apply(config()).build()).build();
        instances.add(kms);
        return kms;
    }

    /** Rows of a query, column name to value, for checking what the store holds. */
    public List<Map<String, Object>> rows(String sql, Object... args) throws SQLException {
        List<Map<String, Object>> out = new ArrayList<>();
        try (Connection c = raw.getConnection(); PreparedStatement ps = c.prepareStatement(sql.replace("${s}", schema + "."))) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Map<String, Object> row = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.put(rs.getMetaData().getColumnLabel(i), rs.getObject(i));
                    }
                    out.add(row);
                }
            }
        }
        return out;
    }

    public long count(String sql, Object... args) throws SQLException {
        return ((Number) rows(sql, args).get(0).values().iterator().next()).longValue();
    }

    public static Duration days(long n) {
        return Duration.ofDays(n);
    }

    @Override
    public void close() throws SQLException {
        instances.forEach(CustosKms::close);
        backend.drop(raw, schema);
    }

    private static byte[] longBytes(long v) {
        return java.nio.ByteBuffer.allocate(8).putLong(v).array();
    }
}
