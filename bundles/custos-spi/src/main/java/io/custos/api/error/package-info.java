/**
 * The exception hierarchy of Custos: one checked root, {@link io.custos.api.error.CryptoException}, and
 * numbered message templates in {@link io.custos.api.error.ErrorCode}.
 *
 * <h2>Security guarantees</h2>
 * Messages are built only from fixed templates and ids, names, sizes and algorithm names. No exception
 * in this package carries plaintext, ciphertext, key bytes, PINs or tokens, in its message or its cause.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.custos.api.error;
