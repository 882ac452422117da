package io.custos.audit;

import io.custos.api.error.ConfigurationException;
import io.custos.api.error.ErrorCode;
import io.custos.audit.verify.Checkpoint;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Settings of the audit recorder. {@link #fromProperties(Map)} reads them under their MicroProfile Config
 * names:
 * <ul>
 *   <li>{@code custos.audit.log-name} (default {@code custos-audit}): the name signed into checkpoints</li>
 *   <li>{@code custos.audit.schema} (default: the connection's) and {@code custos.audit.table-prefix}
 *       (default {@code custos_audit_})</li>
 *   <li>{@code custos.audit.checkpoint.every-events} (default 1000) and
 *       {@code custos.audit.checkpoint.every-seconds} (default 60; 0 turns the timer off)</li>
 *   <li>{@code custos.audit.retention} (ISO-8601 duration such as {@code P3650D}; empty keeps everything) and
 *       {@code custos.audit.retention.archive-dir} (where archived ranges are exported as evidence packs)</li>
 *   <li>{@code custos.audit.batch.max} (default 500): most events one group commit writes</li>
 * </ul>
 *
 * @param logName           the log's name
 * @param schema            the schema of the tables, or {@code null}
 * @param tablePrefix       prefix of the table names
 * @param checkpointEvery   sign a checkpoint after this many new events
 * @param checkpointInterval sign a checkpoint of new events at least this often ({@link Duration#ZERO}: never by time)
 * @param retention         how long events stay in the live log, or {@code null} for ever
 * @param archiveDir        where archived ranges go as evidence packs, or {@code null}
 * @param maxBatch          most events per group commit
 *
 * <h2>Security guarantees</h2>
 * Schema and prefix are checked as plain SQL identifiers before they reach any statement; the settings hold
 * no secret.
 */
public record AuditConfig(String logName, String schema, String tablePrefix, int checkpointEvery,
                          Duration checkpointInterval, Duration retention, Path archiveDir, int maxBatch) {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,40}");
    private static final String OWNER = "custos-audit";

    public AuditConfig {
        if (!Checkpoint.LOG_NAME.matcher(logName).matches()) {
            throw new IllegalArgumentException(ErrorCode.CONFIG_INVALID.format("custos.audit.log-name", OWNER,
                    "must match " + Checkpoint.LOG_NAME.pattern()));
        }
        if (schema != null && !IDENTIFIER.matcher(schema).matches()) {
            throw new IllegalArgumentException(ErrorCode.CONFIG_INVALID.format("custos.audit.schema", OWNER,
                    "must be a plain SQL identifier"));
        }
        if (!IDENTIFIER.matcher(tablePrefix).matches()) {
            throw new IllegalArgumentException(ErrorCode.CONFIG_INVALID.format("custos.audit.table-prefix", OWNER,
                    "must be a plain SQL identifier"));
        }
        if (checkpointEvery < 1 || maxBatch < 1 || checkpointInterval.isNegative()
                || (retention != null && (retention.isNegative() || retention.isZero()))) {
            throw new IllegalArgumentException(ErrorCode.CONFIG_INVALID.format("custos.audit.*", OWNER,
                    "counts must be positive, durations not negative"));
        }
    }

    /** The defaults: log {@code custos-audit}, tables {@code custos_audit_*}, checkpoint every 1000 events or 60 s. */
    public static AuditConfig defaults() {
        return new AuditConfig("custos-audit", null, "custos_audit_", 1000, Duration.ofSeconds(60), null, null, 500);
    }

    /**
     * Reads the MicroProfile Config names listed above; absent keys keep their defaults.
     *
     * @throws ConfigurationException (CUSTOS-1002) if a value is invalid
     */
    public static AuditConfig fromProperties(Map<String, String> p) throws ConfigurationException {
        AuditConfig d = defaults();
        try {
            String retention = p.getOrDefault("custos.audit.retention", "").trim();
            String archive = p.getOrDefault("custos.audit.retention.archive-dir", "").trim();
            return new AuditConfig(
                    p.getOrDefault("custos.audit.log-name", d.logName).trim(),
                    blankToNull(p.get("custos.audit.schema")),
                    p.getOrDefault("custos.audit.table-prefix", d.tablePrefix).trim(),
                    intOf(p, "custos.audit.checkpoint.every-events", d.checkpointEvery),
                    Duration.ofSeconds(intOf(p, "custos.audit.checkpoint.every-seconds", 60)),
                    retention.isEmpty() ? null : Duration.parse(retention),
                    archive.isEmpty() ? null : Path.of(archive),
                    intOf(p, "custos.audit.batch.max", d.maxBatch));
        } catch (DateTimeParseException e) {
            throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "custos.audit.retention", OWNER,
                    "not an ISO-8601 duration such as P3650D");
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "custos.audit.*", OWNER, e.getMessage());
        }
    }

    public AuditConfig withSchema(String newSchema) {
        return new AuditConfig(logName, newSchema, tablePrefix, checkpointEvery, checkpointInterval, retention,
                archiveDir, maxBatch);
    }

    public AuditConfig withCheckpoints(int everyEvents, Duration interval) {
        return new AuditConfig(logName, schema, tablePrefix, everyEvents, interval, retention, archiveDir, maxBatch);
    }

    public AuditConfig withRetention(Duration period, Path archive) {
        return new AuditConfig(logName, schema, tablePrefix, checkpointEvery, checkpointInterval, period, archive,
                maxBatch);
    }

    /** The table prefix with the schema, e.g. {@code audit.custos_audit_}. */
    public String qualifiedPrefix() {
        return schema == null ? tablePrefix : schema + "." + tablePrefix;
    }

    private static int intOf(Map<String, String> p, String key, int def) {
        String v = p.get(key);
        if (v == null || v.isBlank()) {
            return def;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " is not an integer");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
