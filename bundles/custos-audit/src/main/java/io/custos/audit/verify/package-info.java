/**
 * Verification without a database or a secret: the canonical event form, RFC 9162 tree hashes, compact
 * ranges, inclusion and consistency proofs, signed checkpoints, the evidence-pack layout and its verifier.
 * This package uses only the JDK (no JDBC), so the stand-alone verifier carries it alone.
 *
 * <h2>Security guarantees</h2>
 * Every check needs only the signing public key; reports name positions and sizes, never event contents.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.custos.audit.verify;
