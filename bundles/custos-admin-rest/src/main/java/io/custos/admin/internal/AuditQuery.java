package io.custos.admin.internal;

import io.custos.api.error.AuditUnavailableException;
import io.custos.api.error.ErrorCode;
import io.custos.audit.AuditConfig;
import io.custos.audit.verify.CanonicalEvent;
import io.custos.spi.AuditEvent;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/**
 * Read-only queries over the audit recorder's event table, newest first, for the API and the console. The
 * audit module offers no query API yet, so this reads the table it documents ({@code <prefix>event}: seq,
 * event_time, actor, category, action, outcome, body) and parses each body with the strict
 * {@link CanonicalEvent#parse(String)}, so what is shown is exactly what was hashed.
 */
final class AuditQuery {
    /** Filters; {@code null} means any. Tenant and target are matched inside the canonical body. */
    record Filter(Instant from, Instant to, String actor, AuditEvent.Category category, String action,
                  AuditEvent.Outcome outcome, String tenant, String target) {
    }

    private final DataSource dataSource;
    private final String table;

    AuditQuery(DataSource dataSource, AuditConfig config) {
        this.dataSource = dataSource;
        this.table = config.qualifiedPrefix() + "event";
    }

    Dto.AuditPage page(Filter f, int page, int size) throws AuditUnavailableException {
        return page(f, null, page, size);
    }

    /**
     * One page, newest first. With {@code beforeSeq} (a cursor: the {@code nextBeforeSeq} of the previous page) the
     * database seeks by primary key instead of skipping {@code page * size} rows, which stays fast on long logs.
     */
    Dto.AuditPage page(Filter f, Long beforeSeq, int page, int size) throws AuditUnavailableException {
        StringBuilder sql = new StringBuilder("SELECT seq, body FROM ").append(table).append(" WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        condition(sql, args, f.from(), " AND event_time >= ?");
        condition(sql, args, f.to(), " AND event_time < ?");
        condition(sql, args, f.actor(), " AND actor = ?");
        condition(sql, args, f.category() == null ? null : f.category().name(), " AND category = ?");
        condition(sql, args, f.action(), " AND action = ?");
        condition(sql, args, f.outcome() == null ? null : f.outcome().name(), " AND outcome = ?");
        condition(sql, args, beforeSeq, " AND seq < ?");
        condition(sql, args, f.tenant() == null ? null : "%\"tenant\":\"" + like(f.tenant()) + "\"%",
                " AND body LIKE ? ESCAPE '!'");
        condition(sql, args, f.target() == null ? null : "%\"target\":\"" + like(f.target()) + "\"%",
                " AND body LIKE ? ESCAPE '!'");
        sql.append(" ORDER BY seq DESC LIMIT ? OFFSET ?");
        args.add(size + 1);
        args.add((long) page * size);
        List<Dto.EventView> events = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(sql.toString())) {
            bind(p, args);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    events.add(view(rs.getLong(1), rs.getString(2)));
                }
            }
        } catch (SQLException e) {
            throw unavailable("querying the audit log", e);
        }
        boolean more = events.size() > size;
        List<Dto.EventView> shown = more ? events.subList(0, size) : events;
        return new Dto.AuditPage(shown, page, size, more, more ? shown.get(shown.size() - 1).seq() : null);
    }

    /** Data-access events per bucket in {@code [from, to)}, split into allowed and denied. */
    Dto.ReadsView reads(Instant from, Instant to, Duration bucket) throws AuditUnavailableException {
        int n = (int) Math.max(1, (Duration.between(from, to).toMillis() + bucket.toMillis() - 1) / bucket.toMillis());
        long[] reads = new long[n];
        long[] denied = new long[n];
        try (Connection c = dataSource.getConnection(); PreparedStatement p = c.prepareStatement(
                "SELECT event_time, outcome FROM " + table + " WHERE category = ? AND event_time >= ? AND event_time < ?")) {
            p.setString(1, AuditEvent.Category.DATA_ACCESS.name());
            p.setObject(2, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
            p.setObject(3, OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
            p.setFetchSize(5000);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    Instant t = rs.getObject(1, OffsetDateTime.class).toInstant();
                    int i = (int) Math.min(n - 1, Duration.between(from, t).toMillis() / bucket.toMillis());
                    if (AuditEvent.Outcome.DENIED.name().equals(rs.getString(2))) {
                        denied[i]++;
                    } else {
                        reads[i]++;
                    }
                }
            }
        } catch (SQLException e) {
            throw unavailable("counting data-access events", e);
        }
        List<Dto.Bucket> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(new Dto.Bucket(from.plus(bucket.multipliedBy(i)), reads[i], denied[i]));
        }
        return new Dto.ReadsView(from, to, bucket.toMinutes(), out);
    }

    static Dto.EventView view(long seq, String body) throws AuditUnavailableException {
        CanonicalEvent.Logged logged;
        try {
            logged = CanonicalEvent.parse(body);
        } catch (IllegalArgumentException e) {
            throw new AuditUnavailableException(ErrorCode.AUDIT_INTEGRITY, "custos-audit", "seq " + seq,
                    "the stored event is not in canonical form; run verify");
        }
        AuditEvent e = logged.event();
        return new Dto.EventView(logged.seq(), e.time(), e.actor(), e.category().name(), e.action(), e.outcome().name(),
                e.tenant(), e.target(), e.rowId(), e.key() == null ? null : e.key().keyId(),
                e.key() == null ? null : e.key().version(), e.purpose(), e.details());
    }

    private static void condition(StringBuilder sql, List<Object> args, Object value, String clause) {
        if (value != null) {
            sql.append(clause);
            args.add(value instanceof Instant i ? OffsetDateTime.ofInstant(i, ZoneOffset.UTC) : value);
        }
    }

    private static void bind(PreparedStatement p, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            p.setObject(i + 1, args.get(i));
        }
    }

    private static String like(String s) {
        return s.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    private static AuditUnavailableException unavailable(String what, SQLException e) {
        return new AuditUnavailableException(ErrorCode.AUDIT_UNAVAILABLE, what + " failed (SQLState " + e.getSQLState() + ")");
    }
}
