package io.custos.admin.internal;

import io.custos.admin.spi.JobStatus;
import jakarta.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The JSON shapes of the API. None of them has a field for key material; the one secret the API ever returns
 * is an edge grant's bearer token, once, in {@link IssuedGrantView}.
 */
public final class Dto {
    private Dto() {
    }

    /** Who the token says the caller is. */
    public record Me(String principal, List<String> roles) {
    }

    /** A key, its current state and its age against the cryptoperiod of its data class. */
    public record KeyView(long keyId, String tenant, String dataClass, String subject, String usage,
                          boolean keyEncryptionKey, long currentVersion, long minimumDecryptionVersion,
                          boolean shredded, String state, Instant createdAt, long ageDays, long cryptoperiodDays,
                          boolean rotationDue, List<VersionView> versions) {
    }

    /** One version's state and transition times. */
    public record VersionView(long version, String state, String sealedBy, Instant createdAt, Instant activatedAt,
                              Instant deactivatedAt, Instant compromisedAt, Instant destroyedAt) {
    }

    public record CreateKey(String tenant, String dataClass, String subject, String usage, Boolean activate) {
    }

    /** {@code reason}: {@code superseded} (deactivate) or {@code compromised} (mark compromised). */
    public record Revoke(String reason) {
    }

    public record MinimumVersion(Long version) {
    }

    public record RotateKek(String tenant, String dataClass) {
    }

    public record Resealed(String tenant, String dataClass, int resealed) {
    }

    public record Rotated(List<Long> keyIds) {
    }

    /** {@code kind}: {@code KEY} (with keyId), {@code SUBJECT} (tenant, subject) or {@code TENANT} (tenant). */
    public record DestructionBody(String kind, Long keyId, String tenant, String subject, Long waitingDays) {
    }

    public record DestructionView(long id, String kind, Long keyId, String tenant, String subject, String requestedBy,
                                  Instant requestedAt, Instant notBefore, String status, List<String> approvers,
                                  int approvalsNeeded, String decidedBy, Instant decidedAt) {
    }

    public record BackupBody(Integer shares, Integer threshold) {
    }

    /** Where the backup went; the archive and the shares stay on the server's disk for the custodians. */
    public record BackupView(String backupId, Instant createdAt, int keyCount, int threshold, int shares,
                             String directory, List<String> files) {
    }

    public record RestoreBody(String backupId) {
    }

    public record ShareBody(String share) {
    }

    public record RestoreView(String ceremonyId, String backupId, String requestedBy, Instant openedAt,
                              List<String> approvers, List<Integer> shares, Integer restoredKeys) {
    }

    public record GrantBody(String tenant, String dataClass, String device, Long lifetimeMinutes) {
    }

    public record GrantView(String grantId, String tenant, String dataClass, String device, String issuedBy,
                            Instant issuedAt, Instant expiresAt, Instant revokedAt, boolean valid) {
    }

    /** Shown once: the device's bearer token (base64url); the KMS keeps only its digest. */
    public record IssuedGrantView(GrantView grant, String token) {
    }

    public record PolicyView(long version, JsonObject document, String sha256, String changedBy, Instant changedAt,
                             String reason) {
    }

    /** {@code expectedVersion}: the version the change was prepared against (optimistic check). */
    public record PolicyChange(JsonObject document, String reason, Long expectedVersion) {
    }

    public record EventView(long seq, Instant time, String actor, String category, String action, String outcome,
                            String tenant, String target, String rowId, Long keyId, Long keyVersion, String purpose,
                            Map<String, String> details) {
    }

    /** {@code nextBeforeSeq}: pass it as {@code beforeSeq} for the next (older) page; {@code null} on the last. */
    public record AuditPage(List<EventView> events, int page, int size, boolean more, Long nextBeforeSeq) {
    }

    public record VerifyView(boolean intact, long firstBadPosition, String problem, long eventsChecked,
                             int checkpointsVerified, int proofsVerified, String verdict, Instant verifiedAt) {
    }

    public record Bucket(Instant start, long reads, long denied) {
    }

    public record ReadsView(Instant from, Instant to, long bucketMinutes, List<Bucket> buckets) {
    }

    public record JobsView(boolean available, String note, List<JobStatus> jobs) {
    }

    public record JobBody(Long keyId, String reason) {
    }
}
