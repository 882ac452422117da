package io.custos.kms;

import io.custos.api.DataClass;
import io.custos.spi.KeyUsage;
import java.time.Instant;
import java.util.List;

/**
 * Metadata of one key (never its material).
 *
 * <h2>Security guarantees</h2>
 * Metadata only: ids, scope, states and instants, never key material or sealed blobs.
 *
 * @param keyId                    the key id written into ciphertext headers
 * @param tenant                   the tenant partition
 * @param dataClass                the data class
 * @param subject                  the data subject, or {@code null} for a class-wide key
 * @param usage                    the data key's usage, or {@code null} for a key-encryption key
 * @param currentVersion           the version that encrypts (or seals, for a KEK)
 * @param minimumDecryptionVersion versions below it no longer decrypt
 * @param shredded                 whether the key was destroyed as a whole
 * @param createdAt                when the key was made
 * @param versions                 every version, oldest first
 */
public record KeyInfo(long keyId, String tenant, DataClass dataClass, String subject, KeyUsage usage,
                      long currentVersion, long minimumDecryptionVersion, boolean shredded, Instant createdAt,
                      List<KeyVersionInfo> versions) {
    public KeyInfo {
        versions = List.copyOf(versions);
    }

    /** Whether this is a key-encryption key (sealed by the root, sealing data keys). */
    public boolean keyEncryptionKey() {
        return usage == null;
    }

    /** The metadata of {@code version}. */
    public KeyVersionInfo version(long version) {
        return versions.stream().filter(v -> v.reference().version() == version).findFirst().orElseThrow();
    }

    /** The current version's metadata. */
    public KeyVersionInfo current() {
        return version(currentVersion);
    }
}
