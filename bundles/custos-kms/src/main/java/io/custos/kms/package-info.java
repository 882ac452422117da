/**
 * The Custos key-management service: a root key (HSM or software keystore) seals key-encryption keys per
 * tenant partition and data class, which seal versioned data keys per {@link io.custos.spi.KeyScope}. The
 * service implements {@link io.custos.spi.DataKeySource} for the crypto engine and offers the
 * administrative operations — rotation, lifecycle transitions, scheduled destruction under dual control,
 * crypto-shredding, Shamir-split backup and restore, and encrypt-only edge grants — each checked against
 * the acting {@link io.custos.kms.Actor}'s roles and recorded through the audit SPI.
 *
 * <h2>Security guarantees</h2>
 * Keys below the root are stored only sealed. Separation of duties is enforced here, not only in the
 * REST layer. Messages, logs and {@code toString()} carry ids and names only, never key bytes or tokens.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.custos.kms;
