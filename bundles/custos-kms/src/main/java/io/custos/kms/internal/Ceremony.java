package io.custos.kms.internal;

import io.custos.api.error.CryptoException;
import io.custos.api.error.ErrorCode;
import io.custos.kms.Actor;
import io.custos.kms.BackupException;
import io.custos.kms.BackupShare;
import io.custos.kms.DutyViolationException;
import io.custos.kms.KmsRequestException;
import io.custos.kms.RestoreCeremony;
import io.custos.kms.Role;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** One restore under dual control; see {@link RestoreCeremony}. */
final class Ceremony implements RestoreCeremony {
    private final Backups backups;
    private final Kernel k;
    private final BackupCodec.Archive archive;
    private final String requester;
    private final Set<String> approvers = new HashSet<>();
    private final Map<Integer, byte[]> shares = new TreeMap<>();
    private boolean finished;

    Ceremony(Backups backups, Kernel kernel, BackupCodec.Archive archive, String requester) {
        this.backups = backups;
        this.k = kernel;
        this.archive = archive;
        this.requester = requester;
    }

    @Override
    public String backupId() {
        return archive.header().backupId();
    }

    @Override
    public String requestedBy() {
        return requester;
    }

    @Override
    public synchronized void approve(Actor officer) throws CryptoException {
        k.audited(officer, "approve-restore", null, "backup " + backupId(), null, () -> {
            Access.require(officer, "approve a restore", Role.SECURITY_OFFICER);
            Access.notRequester(officer, requester, "restore of " + backupId(), "approve it");
            open();
            if (!approvers.add(officer.principal())) {
                throw new KmsRequestException(ErrorCode.KMS_REQUEST_STATE, "restore", backupId(), "open",
                        "already approved by " + officer.principal());
            }
            k.audit.success(officer.principal(), "approve-restore", null, "backup " + backupId(), null, Map.of());
            return null;
        });
    }

    @Override
    public synchronized void addShare(Actor custodian, BackupShare share) throws CryptoException {
        k.audited(custodian, "present-share", null, "backup " + backupId(), null, () -> {
            try (share) {
                Access.require(custodian, "present a backup share", Role.KEY_CUSTODIAN);
                open();
                if (!share.backupId().equals(backupId())) {
                    throw new BackupException(ErrorCode.KMS_BACKUP_INVALID, backupId(),
                            "share #" + share.index() + " belongs to " + share.backupId());
                }
                if (shares.containsKey(share.index())) {
                    throw new BackupException(ErrorCode.KMS_BACKUP_INVALID, backupId(),
                            "share #" + share.index() + " was already presented");
                }
                shares.put(share.index(), share.value().bytes());
                k.audit.success(custodian.principal(), "present-share", null, "backup " + backupId(), null,
                        Map.of("share", Integer.toString(share.index())));
                return null;
            }
        });
    }

    @Override
    public synchronized int complete(Actor actor) throws CryptoException {
        return k.audited(actor, "restore", null, "backup " + backupId(), null, () -> {
            if (!actor.principal().equals(requester) || !actor.has(Role.KEY_CUSTODIAN)) {
                throw new DutyViolationException(ErrorCode.KMS_ROLE_REQUIRED, actor.principal(),
                        "key-custodian who opened the ceremony", "complete the restore");
            }
            open();
            if (approvers.size() < k.config.restoreApprovals()) {
                throw new KmsRequestException(ErrorCode.KMS_QUORUM_NOT_MET, "restore of " + backupId(),
                        k.config.restoreApprovals(), "security-officer approvals", approvers.size());
            }
            int needed = archive.header().threshold();
            if (shares.size() < needed) {
                throw new KmsRequestException(ErrorCode.KMS_QUORUM_NOT_MET, "restore of " + backupId(), needed,
                        "backup-key shares", shares.size());
            }
            try {
                int n = backups.restore(actor.principal(), archive, shares);
                finished = true;
                return n;
            } finally {
                close();
            }
        });
    }

    @Override
    public synchronized void close() {
        shares.values().forEach(b -> Arrays.fill(b, (byte) 0));
        shares.clear();
    }

    private void open() throws KmsRequestException {
        if (finished) {
            throw new KmsRequestException(ErrorCode.KMS_REQUEST_STATE, "restore", backupId(), "finished",
                    "start a new ceremony");
        }
    }

    @Override
    public String toString() {
        return "RestoreCeremony[" + backupId() + ", requested by " + requester + "]";
    }
}
