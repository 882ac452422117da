package io.custos.spi;

import io.custos.api.error.ConfigurationException;
import io.custos.api.error.CryptoException;
import java.util.List;

/**
 * Creates {@link RootKeyProvider}s. Chosen by its configured {@link #id()} through
 * {@link ProviderSelection}; found by {@code ServiceLoader} in plain Java, by the OSGi service registry in
 * a container, or by CDI on an application server.
 *
 * <h2>Security guarantees</h2>
 * Properties flagged {@link ConfigProperty#secret()} are read through {@link ProviderConfig#secret(String)}
 * and never printed.
 */
@org.osgi.annotation.versioning.ProviderType
public interface RootKeyProviderFactory extends Identified, AutoCloseable {

    /** The properties this factory understands, for documentation and validation. */
    List<ConfigProperty> properties();

    /**
     * Validates and keeps the configuration.
     *
     * @throws ConfigurationException if a property is missing or invalid
     */
    void init(ProviderConfig config) throws ConfigurationException;

    /**
     * Opens the provider (logs in to the token, loads the keystore).
     *
     * @throws CryptoException if the backing store cannot be opened
     */
    RootKeyProvider create() throws CryptoException;

    @Override
    void close();
}
