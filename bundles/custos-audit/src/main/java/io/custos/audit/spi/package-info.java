/**
 * Where others plug into the audit bundle: {@link io.custos.audit.spi.AlertSink}.
 *
 * <h2>Security guarantees</h2>
 * Alerts handed to sinks hold ids, names and counts only.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.custos.audit.spi;
