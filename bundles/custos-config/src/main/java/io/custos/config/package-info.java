/**
 * Bridges MicroProfile Config to the provider configuration of {@code custos-spi}: every property a
 * provider declares is read under its documented name, and the provider is chosen explicitly by id.
 *
 * <h2>Security guarantees</h2>
 * Values of secret properties are only handed to the provider as {@link io.custos.api.Secret} holders
 * (through {@link io.custos.spi.ProviderConfig}); nothing here logs or prints a value.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.custos.config;
