/**
 * The Custos crypto engine: {@link io.custos.crypto.CustosCrypto} hands out field protectors (randomized
 * AES-256-GCM, deterministic AES-256-SIV), blind indexers and pseudonymizers over a
 * {@link io.custos.spi.DataKeySource}; {@link io.custos.crypto.CiphertextFormat} describes and recognises
 * the self-describing ciphertext; {@link io.custos.crypto.Masking} holds the pure masking functions.
 *
 * <h2>Security guarantees</h2>
 * Bulk encryption uses the JDK provider (AES-NI). Every ciphertext binds its header and its
 * {@link io.custos.api.ProtectionContext} as associated data. Failures are numbered and never carry
 * values or key bytes.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.custos.crypto;
