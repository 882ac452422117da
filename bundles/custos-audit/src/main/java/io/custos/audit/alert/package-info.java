/**
 * Real-time alerts on the audit stream: rules for too many restricted reads by one user, repeated
 * denials, destroyed or compromised keys and failed verifications, configured under MicroProfile Config
 * names ({@code custos.alert.*}), delivered to {@link io.custos.audit.spi.AlertSink}s (log, HTTP webhook).
 *
 * <h2>Security guarantees</h2>
 * Alerts hold rule names, actors, targets, counts and key ids; never protected values.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.custos.audit.alert;
