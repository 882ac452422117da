package io.custos.kms;

import java.time.Instant;
import java.util.List;

/**
 * A key backup: the sealed archive (safe to store anywhere: it is AES-256-GCM under a random backup key)
 * and the shares of that backup key, one per custodian. Any {@code threshold} shares open the archive.
 *
 * <h2>Security guarantees</h2>
 * {@link #toString()} shows ids and counts only. Hand each share to its custodian and close it here.
 *
 * @param backupId  a random id, also inside every share
 * @param createdAt when the backup was taken
 * @param keyCount  how many keys (KEKs and data keys) it holds
 * @param threshold shares needed to restore
 * @param archive   the sealed archive; copied in and out
 * @param shares    the backup-key shares
 */
public record BackupBundle(String backupId, Instant createdAt, int keyCount, int threshold, byte[] archive,
                           List<BackupShare> shares) implements AutoCloseable {
    public BackupBundle {
        archive = archive.clone();
        shares = List.copyOf(shares);
    }

    @Override
    public byte[] archive() {
        return archive.clone();
    }

    @Override
    public void close() {
        shares.forEach(BackupShare::close);
    }

    @Override
    public String toString() {
        return "BackupBundle[" + backupId + ", " + keyCount + " keys, " + threshold + " of " + shares.size()
                + " shares]";
    }
}
