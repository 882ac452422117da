/**
 * Where deployments plug services into the JPA layer: the services of a persistence unit
 * ({@link io.custos.jpa.spi.ProtectionServicesProvider}) and the data-key source
 * ({@link io.custos.jpa.spi.KeySourceFactory}), each chosen by its configured id.
 *
 * <h2>Security guarantees</h2>
 * Selection is explicit: zero or several providers with the configured id is a start-up error.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.custos.jpa.spi;
