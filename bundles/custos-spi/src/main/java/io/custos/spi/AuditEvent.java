package io.custos.spi;

import io.custos.api.KeyReference;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;

/**
 * One audit event: who did what to which field, row or key, when, why, and with what outcome.
 *
 * @param time     the UTC instant
 * @param zone     the server's time zone at that instant
 * @param actor    the principal (user, service or device), or {@code system}
 * @param category what kind of event
 * @param action   a short verb, e.g. {@code decrypt}, {@code rotate}, {@code approve-destruction}
 * @param outcome  success, denied or failed
 * @param tenant   the tenant, or {@code null}
 * @param target   the entity and field ({@code PATIENT.NAME}), key or policy concerned, or {@code null}
 * @param rowId    the row id, or {@code null}
 * @param key      the key version involved, or {@code null}
 * @param purpose  the purpose or reason the caller gave, or {@code null}
 * @param details  further ids, names or keyed digests (never values)
 */
public record AuditEvent(Instant time, ZoneId zone, String actor, Category category, String action,
                         Outcome outcome, String tenant, String target, String rowId, KeyReference key,
                         String purpose, Map<String, String> details) {

    public enum Category { DATA_ACCESS, KEY, POLICY, ADMIN, AUTHENTICATION, AUDIT }

    public enum Outcome { SUCCESS, DENIED, FAILED }

    public AuditEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    /** A new event at the current instant in the system zone. */
    public static AuditEvent now(String actor, Category category, String action, Outcome outcome) {
        return new AuditEvent(Instant.now(), ZoneId.systemDefault(), actor, category, action, outcome,
                null, null, null, null, null, Map.of());
    }

    public AuditEvent withTarget(String newTenant, String newTarget, String newRowId) {
        return new AuditEvent(time, zone, actor, category, action, outcome, newTenant, newTarget, newRowId,
                key, purpose, details);
    }

    public AuditEvent withKey(KeyReference newKey) {
        return new AuditEvent(time, zone, actor, category, action, outcome, tenant, target, rowId, newKey,
                purpose, details);
    }

    public AuditEvent withPurpose(String newPurpose) {
        return new AuditEvent(time, zone, actor, category, action, outcome, tenant, target, rowId, key,
                newPurpose, details);
    }

    public AuditEvent withDetails(Map<String, String> newDetails) {
        return new AuditEvent(time, zone, actor, category, action, outcome, tenant, target, rowId, key,
                purpose, newDetails);
    }
}
