package io.custos.api;

import java.util.Optional;

/**
 * A decrypted value together with the key version it was stored under, so callers can tell legacy
 * plaintext and values under old key versions (for lazy re-encryption) from current ones.
 *
 * <p>{@link #toString()} never shows the value.
 *
 * @param value the plaintext
 * @param key   the key version of the ciphertext, or {@code null} for legacy plaintext
 * @param <T>   the value's type
 */
public record OpenedValue<T>(T value, KeyReference key) {

    public boolean isLegacyPlaintext() {
        return key == null;
    }

    public Optional<KeyReference> keyReference() {
        return Optional.ofNullable(key);
    }

    @Override
    public String toString() {
        return "OpenedValue[" + (key == null ? "legacy plaintext" : key) + "]";
    }
}
