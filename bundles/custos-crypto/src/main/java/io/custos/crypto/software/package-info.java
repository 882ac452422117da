/**
 * The software root-key provider: a PKCS#12 keystore file holding the root key-encryption key and the
 * audit signing key. The embedded default for demos and tests; it warns at start that it is not an HSM.
 *
 * <h2>Security guarantees</h2>
 * The keystore is created only when {@code custos.keystore.create=true}, with owner-only permissions. The
 * password comes from configuration or the {@code CUSTOS_KEYSTORE_PASSWORD} environment variable and is
 * never printed. The root key is in the JVM's memory while the provider is open: that is exactly why
 * production uses the PKCS#11 provider instead.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.custos.crypto.software;
