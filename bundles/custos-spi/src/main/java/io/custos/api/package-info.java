/**
 * The public API of Custos that integrators and applications use: the {@link io.custos.api.Protected}
 * annotation and its classification vocabulary, the {@link io.custos.api.ProtectionContext} bound into
 * every ciphertext, the field-protection primitives, and the {@link io.custos.api.Secret} holder.
 *
 * <h2>Security guarantees</h2>
 * Nothing in this package prints, logs or serialises plaintext, ciphertext or key bytes; every
 * {@code toString()} carries ids, names and sizes only.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.custos.api;
