package io.custos.jpa.internal;

import io.custos.api.error.ConfigurationException;
import io.custos.api.error.CryptoException;
import io.custos.api.error.ErrorCode;
import io.custos.crypto.CustosCrypto;
import io.custos.jpa.ProtectionServices;
import io.custos.jpa.spi.KeySourceFactory;
import io.custos.jpa.spi.ProtectionServicesProvider;
import io.custos.spi.ProviderSelection;
import java.util.Map;

/**
 * Services id {@code config}: the key source named by {@code custos.key-source} (a {@link KeySourceFactory}
 * found with {@link java.util.ServiceLoader}), audit events logged through java.util.logging.
 */
public final class ConfigServicesProvider implements ProtectionServicesProvider {
    public static final String KEY_SOURCE = "custos.key-source";

    @Override
    public String id() {
        return "config";
    }

    @Override
    public ProtectionServices services(Map<String, Object> properties) throws CryptoException {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return services(properties, context != null ? context : getClass().getClassLoader());
    }

    /** The key source factory is looked up with the unit's loader (on Payara Server, an EAR module's). */
    @Override
    public ProtectionServices services(Map<String, Object> properties, ClassLoader loader) throws CryptoException {
        Object id = properties.get(KEY_SOURCE);
        if (!(id instanceof String s) || s.isBlank()) {
            throw new ConfigurationException(ErrorCode.CONFIG_MISSING, KEY_SOURCE, "Custos services 'config'");
        }
        KeySourceFactory factory = ProviderSelection.fromServiceLoader("key source", s, KeySourceFactory.class, loader);
        return ProtectionServices.builder()
                .crypto(CustosCrypto.builder().keySource(factory.create(properties)).build())
                .build();
    }
}
