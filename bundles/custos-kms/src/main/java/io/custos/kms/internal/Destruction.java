package io.custos.kms.internal;

import io.custos.api.KeyReference;
import io.custos.api.error.CryptoException;
import io.custos.api.error.ErrorCode;
import io.custos.kms.Actor;
import io.custos.kms.ConcurrentKeyUpdateException;
import io.custos.kms.DestructionRequest;
import io.custos.kms.DestructionTarget;
import io.custos.kms.KeyState;
import io.custos.kms.KmsRequestException;
import io.custos.kms.Role;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Scheduled destruction under dual control: a key custodian requests it with a waiting period, distinct
 * security officers other than the requester approve it, anyone of either role may cancel it while pending,
 * and once the period has passed with the quorum reached it destroys every version of the target (erasing
 * the sealed material) in one transaction. Destroying a subject's or a tenant's keys is crypto-shredding.
 */
final class Destruction {
    private final Kernel k;

    Destruction(Kernel kernel) {
        this.k = kernel;
    }

    DestructionRequest request(Actor actor, DestructionTarget target, Duration waiting) throws CryptoException {
        return k.audited(actor, "request-destruction", target.tenant(), target.describe(), null, () -> {
            Access.require(actor, "request a destruction", Role.KEY_CUSTODIAN);
            Duration w = waiting == null ? k.config.defaultWaitingPeriod() : waiting;
            if (w.compareTo(k.config.minWaitingPeriod()) < 0 || w.compareTo(k.config.maxWaitingPeriod()) > 0) {
                throw new KmsRequestException(ErrorCode.KMS_OUT_OF_BOUNDS, "waiting period", w,
                        k.config.minWaitingPeriod(), k.config.maxWaitingPeriod());
            }
            return k.db.tx("request a destruction", c -> {
                if (targetKeys(c, target).isEmpty()) {
                    throw KeyOps.notFound(target.describe());
                }
                Instant now = k.now();
                long id = k.db.nextId(c, "kms_request_id_seq");
                k.db.update(c, "INSERT INTO " + k.db.t("kms_destruction") + " (request_id, target_kind, key_id, tenant,"
                                + " subject, requested_by, requested_at, not_before, status, row_version)"
                                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)", id, target.kind().name(),
                        target.keyId() == null ? Db.NullOf.BIGINT : target.keyId(),
                        target.tenant() == null ? Db.NullOf.VARCHAR : target.tenant(),
                        target.subject() == null ? Db.NullOf.VARCHAR : target.subject(), actor.principal(), now,
                        now.plus(w), DestructionRequest.Status.PENDING.name());
                k.audit.success(actor.principal(), "request-destruction", target.tenant(), target.describe(), null,
                        Map.of("request", Long.toString(id), "notBefore", now.plus(w).toString()));
                return load(c, id);
            });
        });
    }

    DestructionRequest approve(Actor actor, long id) throws CryptoException {
        return k.audited(actor, "approve-destruction", null, "destruction request " + id, null, () -> {
            Access.require(actor, "approve a destruction", Role.SECURITY_OFFICER);
            return k.db.tx("approve destruction request " + id, c -> {
                DestructionRequest r = pending(c, id, "only pending requests can be approved");
                Access.notRequester(actor, r.requestedBy(), "destruction " + id, "approve it");
                if (r.approvers().contains(actor.principal())) {
                    throw new KmsRequestException(ErrorCode.KMS_REQUEST_STATE, "destruction", id, "pending",
                            "already approved by " + actor.principal());
                }
                k.db.update(c, "INSERT INTO " + k.db.t("kms_destruction_approval")
                        + " (request_id, officer, approved_at) VALUES (?, ?, ?)", id, actor.principal(), k.now());
                k.audit.success(actor.principal(), "approve-destruction", r.target().tenant(), r.target().describe(), null,
                        Map.of("request", Long.toString(id), "approvals", Integer.toString(r.approvers().size() + 1)));
                return load(c, id);
            });
        });
    }

    DestructionRequest cancel(Actor actor, long id) throws CryptoException {
        return k.audited(actor, "cancel-destruction", null, "destruction request " + id, null, () -> {
            Access.require(actor, "cancel a destruction", Role.SECURITY_OFFICER, Role.KEY_CUSTODIAN);
            return k.db.tx("cancel destruction request " + id, c -> {
                DestructionRequest r = pending(c, id, "only pending requests can be cancelled");
                decide(c, r, DestructionRequest.Status.CANCELLED, actor);
                k.audit.success(actor.principal(), "cancel-destruction", r.target().tenant(), r.target().describe(),
                        null, Map.of("request", Long.toString(id)));
                return load(c, id);
            });
        });
    }

    /** Executes one request now; it must be pending, past its waiting period and approved by the quorum. */
    DestructionRequest execute(Actor actor, long id) throws CryptoException {
        DestructionRequest done = k.audited(actor, "destroy", null, "destruction request " + id, null, () -> {
            Access.require(actor, "execute a destruction", Role.KEY_CUSTODIAN, Role.SECURITY_OFFICER);
            return k.db.tx("execute destruction request " + id, c -> {
                DestructionRequest r = pending(c, id, "only pending requests can be executed");
                Instant now = k.now();
                if (now.isBefore(r.notBefore())) {
                    throw new KmsRequestException(ErrorCode.KMS_REQUEST_STATE, "destruction", id, "pending",
                            "its waiting period ends at " + r.notBefore());
                }
                if (r.approvers().size() < k.config.destructionApprovals()) {
                    throw new KmsRequestException(ErrorCode.KMS_QUORUM_NOT_MET, "destruction request " + id,
                            k.config.destructionApprovals(), "security-officer approvals", r.approvers().size());
                }
                destroy(c, r, actor, now);
                decide(c, r, DestructionRequest.Status.EXECUTED, actor);
                return load(c, id);
            });
        });
        k.invalidate();
        return done;
    }

    /** Executes every pending request that is due and approved; others stay pending. */
    List<DestructionRequest> executeDue(Actor actor) throws CryptoException {
        Access.require(actor, "execute destructions", Role.KEY_CUSTODIAN, Role.SECURITY_OFFICER);
        List<DestructionRequest> due = k.db.tx("list due destructions", c -> {
            List<DestructionRequest> out = new ArrayList<>();
            for (DestructionRequest r : list(c, "status = ? AND not_before <= ?",
                    DestructionRequest.Status.PENDING.name(), k.now())) {
                if (r.approvers().size() >= k.config.destructionApprovals()) {
                    out.add(r);
                }
            }
            return out;
        });
        List<DestructionRequest> done = new ArrayList<>();
        for (DestructionRequest r : due) {
            try {
                done.add(execute(actor, r.id()));
            } catch (ConcurrentKeyUpdateException e) {
                // executed or cancelled by another instance meanwhile
            }
        }
        return done;
    }

    DestructionRequest get(Actor actor, long id) throws CryptoException {
        Access.require(actor, "read destruction requests", Role.AUDITOR, Role.KEY_CUSTODIAN, Role.SECURITY_OFFICER);
        return k.db.tx("read destruction request " + id, c -> load(c, id));
    }

    private void destroy(Connection c, DestructionRequest r, Actor actor, Instant now) throws SQLException, CryptoException {
        for (KeyRow key : targetKeys(c, r.target())) {
            int versions = 0;
            for (VersionRow v : k.repo.versions(c, key.keyId())) {
                KeyState s = v.state();
                if (s == KeyState.ACTIVE) {
                    k.repo.transition(c, key.keyId(), v.version(), s, KeyState.DEACTIVATED, now);
                    s = KeyState.DEACTIVATED;
                }
                if (!s.isDestroyed()) {
                    KeyState end = s == KeyState.COMPROMISED ? KeyState.DESTROYED_COMPROMISED : KeyState.DESTROYED;
                    k.repo.transition(c, key.keyId(), v.version(), s, end, now);
                    versions++;
                }
            }
            KeyRow shredded = new KeyRow(key.keyId(), key.tenant(), key.dataClass(), key.subject(), key.usage(),
                    key.currentVersion(), key.minVersion(), true, key.createdAt(), key.rowVersion() + 1);
            if (!k.repo.updateKey(c, shredded, key.rowVersion())) {
                throw new ConcurrentKeyUpdateException(ErrorCode.KMS_CONCURRENT_UPDATE, "key " + key.keyId(), "destruction");
            }
            k.audit.success(actor.principal(), "destroy", key.tenant(), KeyOps.target(key),
                    new KeyReference(key.keyId(), key.currentVersion()),
                    Map.of("request", Long.toString(r.id()), "versions", Integer.toString(versions),
                            "requestedBy", r.requestedBy(), "approvedBy", String.join(",", new java.util.TreeSet<>(r.approvers()))));
        }
        k.repo.bumpRevision(c);
    }

    private List<KeyRow> targetKeys(Connection c, DestructionTarget t) throws SQLException {
        return switch (t.kind()) {
            case KEY -> k.repo.keys(c, "key_id = ?", t.keyId());
            case SUBJECT -> k.repo.keys(c, "tenant = ? AND subject = ?", t.tenant(), t.subject());
            case TENANT -> k.repo.keys(c, "tenant = ?", t.tenant());
        };
    }

    private void decide(Connection c, DestructionRequest r, DestructionRequest.Status status, Actor actor)
            throws SQLException, CryptoException {
        int n = k.db.update(c, "UPDATE " + k.db.t("kms_destruction") + " SET status = ?, decided_by = ?, decided_at = ?,"
                        + " row_version = row_version + 1 WHERE request_id = ? AND status = ?", status.name(),
                actor.principal(), k.now(), r.id(), DestructionRequest.Status.PENDING.name());
        if (n != 1) {
            throw new ConcurrentKeyUpdateException(ErrorCode.KMS_CONCURRENT_UPDATE, "destruction request " + r.id(),
                    status.name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    private DestructionRequest pending(Connection c, long id, String why) throws SQLException, CryptoException {
        DestructionRequest r = load(c, id);
        if (r.status() != DestructionRequest.Status.PENDING) {
            throw new KmsRequestException(ErrorCode.KMS_REQUEST_STATE, "destruction", id,
                    r.status().name().toLowerCase(java.util.Locale.ROOT), why);
        }
        return r;
    }

    private DestructionRequest load(Connection c, long id) throws SQLException, KmsRequestException {
        List<DestructionRequest> found = list(c, "request_id = ?", id);
        if (found.isEmpty()) {
            throw new KmsRequestException(ErrorCode.KMS_REQUEST_NOT_FOUND, "destruction", id);
        }
        return found.get(0);
    }

    private List<DestructionRequest> list(Connection c, String where, Object... args) throws SQLException {
        List<DestructionRequest> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT * FROM " + k.db.t("kms_destruction") + " WHERE " + where
                + " ORDER BY request_id")) {
            Db.bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long id = rs.getLong("request_id");
                    DestructionTarget target = new DestructionTarget(
                            DestructionTarget.Kind.valueOf(rs.getString("target_kind")), Db.nullableLong(rs, "key_id"),
                            rs.getString("tenant"), rs.getString("subject"));
                    out.add(new DestructionRequest(id, target, rs.getString("requested_by"),
                            Db.instant(rs, "requested_at"), Db.instant(rs, "not_before"),
                            DestructionRequest.Status.valueOf(rs.getString("status")), Set.of(),
                            rs.getString("decided_by"), Db.instant(rs, "decided_at")));
                }
            }
        }
        List<DestructionRequest> withApprovers = new ArrayList<>();
        for (DestructionRequest r : out) {
            withApprovers.add(new DestructionRequest(r.id(), r.target(), r.requestedBy(), r.requestedAt(), r.notBefore(),
                    r.status(), approvers(c, r.id()), r.decidedBy(), r.decidedAt()));
        }
        return withApprovers;
    }

    private Set<String> approvers(Connection c, long id) throws SQLException {
        Set<String> out = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT officer FROM " + k.db.t("kms_destruction_approval")
                + " WHERE request_id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }
}
