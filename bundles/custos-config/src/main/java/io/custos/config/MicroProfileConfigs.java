package io.custos.config;

import io.custos.api.error.ConfigurationException;
import io.custos.api.error.CryptoException;
import io.custos.api.error.ErrorCode;
import io.custos.spi.ConfigProperty;
import io.custos.spi.ProviderConfig;
import io.custos.spi.ProviderSelection;
import io.custos.spi.RootKeyProvider;
import io.custos.spi.RootKeyProviderFactory;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * Reads Custos provider configuration from MicroProfile Config.
 *
 * <pre>{@code
 * custos.root-key.provider=pkcs11
 * custos.hsm.library=/usr/lib/softhsm/libsofthsm2.so
 * custos.hsm.token-label=custos
 * custos.hsm.pin=env:CUSTOS_HSM_PIN
 * }</pre>
 *
 * <h2>Security guarantees</h2>
 * The start-up log line lists property names and plain values; secret values appear as {@code ***}.
 */
public final class MicroProfileConfigs {
    /** Selects the root-key provider by id, e.g. {@code software} or {@code pkcs11}. */
    public static final String ROOT_KEY_PROVIDER = "custos.root-key.provider";
    private static final Logger LOG = Logger.getLogger(MicroProfileConfigs.class.getName());

    private MicroProfileConfigs() {
    }

    /**
     * The properties {@code schema} declares, read from {@code config}. Defaults of the schema apply where
     * a property is absent; a missing required property is reported by the provider's {@code init}.
     */
    public static ProviderConfig read(Config config, String owner, Collection<ConfigProperty> schema) {
        Map<String, String> values = new HashMap<>();
        for (ConfigProperty p : schema) {
            Optional<String> v = config.getOptionalValue(p.name(), String.class);
            if (v.isPresent()) {
                values.put(p.name(), v.get());
            } else if (p.defaultValue() != null) {
                values.put(p.name(), p.defaultValue());
            }
        }
        return ProviderConfig.of(owner, values);
    }

    /** Every property whose name starts with {@code prefix} (e.g. {@code custos.alert.}), as plain strings. */
    public static Map<String, String> withPrefix(Config config, String prefix) {
        Map<String, String> out = new TreeMap<>();
        for (String name : config.getPropertyNames()) {
            if (name.startsWith(prefix)) {
                config.getOptionalValue(name, String.class).ifPresent(v -> out.put(name, v));
            }
        }
        return out;
    }

    /**
     * Chooses the factory named by {@value #ROOT_KEY_PROVIDER} among {@code factories} (zero or several
     * matches is an error), configures it from {@code config} and opens the provider.
     *
     * @throws ConfigurationException if the id is missing, unknown or ambiguous, or a property is invalid
     * @throws CryptoException        if the provider cannot be opened
     */
    public static RootKeyProvider openRootKeyProvider(Config config, Iterable<? extends RootKeyProviderFactory> factories)
            throws CryptoException {
        String id = config.getOptionalValue(ROOT_KEY_PROVIDER, String.class)
                .orElseThrow(() -> new ConfigurationException(ErrorCode.CONFIG_MISSING, ROOT_KEY_PROVIDER, "custos"));
        RootKeyProviderFactory factory = ProviderSelection.select("root-key provider", id, factories);
        ProviderConfig providerConfig = read(config, id, factory.properties());
        LOG.info(() -> "root-key provider " + providerConfig.describe(factory.properties()));
        factory.init(providerConfig);
        return factory.create();
    }
}
