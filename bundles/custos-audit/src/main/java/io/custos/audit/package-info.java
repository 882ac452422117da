/**
 * The tamper-evident audit recorder: {@link io.custos.audit.AuditRecorder} (an
 * {@link io.custos.spi.AuditSink} over JDBC with a hash chain, an RFC 9162 Merkle tree and signed
 * checkpoints), its configuration, keyed digests of protected values, and the fail-closed decision for
 * callers when the audit store is down. The format is specified in {@code docs/audit.md}.
 *
 * <h2>Security guarantees</h2>
 * Events hold ids, names and keyed digests, never values; anyone with the public key can verify the log.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.custos.audit;
