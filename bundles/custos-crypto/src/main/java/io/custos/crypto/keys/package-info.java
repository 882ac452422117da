/**
 * A simple in-memory {@link io.custos.spi.DataKeySource} for demos, tests and benchmarks. Production uses
 * the KMS ({@code custos-kms}).
 *
 * <h2>Security guarantees</h2>
 * Keys are random 256-bit values from the JDK's DRBG and live only in memory: they are lost when the JVM
 * ends. Destroyed versions are wiped and report "shredded".
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.custos.crypto.keys;
