package io.custos.kms.internal;

import io.custos.api.error.ConfigurationException;
import io.custos.api.error.CryptoException;
import io.custos.api.error.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * Creates or migrates the KMS tables on first start: a small versioned runner over the shipped DDL
 * ({@code db/h2} and {@code db/postgresql}), recording each applied version in {@code kms_schema_history}.
 */
final class SchemaMigrator {
    static final int LATEST = 1;
    private static final Logger LOG = Logger.getLogger(SchemaMigrator.class.getName());

    private final Db db;

    SchemaMigrator(Db db) {
        this.db = db;
    }

    /** Detects the dialect and applies missing migrations; returns the schema version now in place. */
    int migrate(Instant now) throws CryptoException {
        try (Connection c = db.dataSource().getConnection()) {
            db.dialect(Dialect.of(c.getMetaData().getDatabaseProductName()));
        } catch (SQLException e) {
            throw Db.failure("open a connection", e);
        }
        return db.tx("migrate the schema", c -> {
            try (Statement s = c.createStatement()) {
                String lock = db.dialect().migrationLock();
                if (lock != null) {
                    s.execute(lock);
                }
                if (!db.schemaPrefix().isEmpty()) {
                    s.execute("CREATE SCHEMA IF NOT EXISTS " + db.schemaPrefix().substring(0, db.schemaPrefix().length() - 1));
                }
                s.execute("CREATE TABLE IF NOT EXISTS " + db.t("kms_schema_history")
                        + " (schema_version INT PRIMARY KEY, description VARCHAR(200) NOT NULL,"
                        + " applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
            }
            int current = current(c);
            if (current > LATEST) {
                throw new ConfigurationException(ErrorCode.KMS_SCHEMA_UNSUPPORTED, current, LATEST);
            }
            for (int v = current + 1; v <= LATEST; v++) {
                try (Statement s = c.createStatement()) {
                    for (String sql : statements(db.dialect().migration(v))) {
                        s.execute(sql);
                    }
                }
                db.update(c, "INSERT INTO " + db.t("kms_schema_history")
                        + " (schema_version, description, applied_at) VALUES (?, ?, ?)", v, "key_store", now);
                LOG.info(() -> "custos-kms: key store schema migrated to version " + LATEST);
            }
            return LATEST;
        });
    }

    private int current(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT MAX(schema_version) FROM " + db.t("kms_schema_history"));
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private List<String> statements(String resource) throws ConfigurationException {
        String text;
        try (InputStream in = SchemaMigrator.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "schema", "custos-kms",
                        "missing migration " + resource);
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "schema", "custos-kms",
                    "unreadable migration " + resource);
        }
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line.replace("${s}", db.schemaPrefix())).append('\n');
            if (trimmed.endsWith(";")) {
                String sql = current.toString().strip();
                out.add(sql.substring(0, sql.length() - 1));
                current.setLength(0);
            }
        }
        return out;
    }
}
