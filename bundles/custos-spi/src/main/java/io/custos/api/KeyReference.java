package io.custos.api;

/**
 * Names one version of one key: the pair written into every ciphertext header. Ids and versions are
 * unsigned 32-bit numbers greater than zero.
 *
 * @param keyId   the key's id, {@code 1 .. 2^32-1}
 * @param version the key version, {@code 1 .. 2^32-1}
 */
public record KeyReference(long keyId, long version) {
    public static final long MAX = 0xFFFF_FFFFL;

    public KeyReference {
        if (keyId < 1 || keyId > MAX) {
            throw new IllegalArgumentException("key id out of range: " + keyId);
        }
        if (version < 1 || version > MAX) {
            throw new IllegalArgumentException("key version out of range: " + version);
        }
    }

    /** The next version of the same key. */
    public KeyReference next() {
        return new KeyReference(keyId, version + 1);
    }

    // written out rather than generated: compared and hashed for every value read (key lookups)
    @Override
    public boolean equals(Object o) {
        return o == this || (o instanceof KeyReference other && keyId == other.keyId && version == other.version);
    }

    @Override
    public int hashCode() {
        return (int) (keyId * 31 + version);
    }

    @Override
    public String toString() {
        return "key " + keyId + " v" + version;
    }
}
