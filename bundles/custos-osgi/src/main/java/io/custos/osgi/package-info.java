/**
 * Declarative Services components that publish Custos in the OSGi service registry. Nothing here is
 * API: other bundles use the services, typed by the interfaces of {@code custos-spi}.
 *
 * <h2>Security guarantees</h2>
 * Configurations name secrets only by reference ({@code env:NAME} or {@code file:/path}); component
 * properties that look like secrets are never copied into service properties.
 */
package io.custos.osgi;
