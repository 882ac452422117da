/**
 * PKCS#11 root-key provider: {@link io.custos.hsm.Pkcs11RootKeyProviderFactory} (id {@code pkcs11}) over the
 * JDK's SunPKCS11 provider, and {@link io.custos.hsm.Conformance}, the check an operator runs against their
 * own HSM. Configuration and operation are described in {@code docs/hsm.md}.
 *
 * <h2>Security guarantees</h2>
 * The key-encryption key and the signing key are generated and used inside the token, sensitive and
 * non-extractable; the JVM holds handles only. The PIN is read from an {@code env:} or {@code file:}
 * reference and never printed.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.custos.hsm;
