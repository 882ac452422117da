/**
 * Service-provider interfaces where Custos modules plug into each other: root-key providers (software
 * keystore, PKCS#11 HSM), data-key sources (the KMS), audit sinks, and the explicit provider selection
 * that every module uses.
 *
 * <h2>Security guarantees</h2>
 * A root-key provider never hands out its root key: it seals, unseals and signs. Provider configuration
 * marks secrets, which are never printed.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.custos.spi;
