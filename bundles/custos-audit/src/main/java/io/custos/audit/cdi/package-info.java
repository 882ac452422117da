/**
 * Optional CDI adapter: {@link io.custos.audit.cdi.CdiAlertSink} fires each alert as a CDI event.
 *
 * <h2>Security guarantees</h2>
 * Observers receive alerts with ids, names and counts only.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.custos.audit.cdi;
