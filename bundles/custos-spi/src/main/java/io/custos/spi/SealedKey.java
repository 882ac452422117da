package io.custos.spi;

import java.util.Arrays;

/**
 * A data key sealed by a {@link RootKeyProvider}: opaque bytes plus the id of the root key version that
 * sealed them. Safe to store: without the root key it reveals nothing.
 *
 * @param rootKeyId the root key (and version) that sealed the blob, e.g. {@code software:custos-root-1}
 * @param blob      the sealed bytes; copied in and out
 */
public record SealedKey(String rootKeyId, byte[] blob) {
    public SealedKey {
        if (rootKeyId == null || rootKeyId.isBlank()) {
            throw new IllegalArgumentException("rootKeyId required");
        }
        blob = blob.clone();
    }

    @Override
    public byte[] blob() {
        return blob.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SealedKey other && rootKeyId.equals(other.rootKeyId) && Arrays.equals(blob, other.blob);
    }

    @Override
    public int hashCode() {
        return 31 * rootKeyId.hashCode() + Arrays.hashCode(blob);
    }

    @Override
    public String toString() {
        return "SealedKey[" + rootKeyId + ", " + blob.length + " bytes]";
    }
}
