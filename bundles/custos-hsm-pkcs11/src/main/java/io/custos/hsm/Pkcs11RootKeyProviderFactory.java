package io.custos.hsm;

import io.custos.api.error.ConfigurationException;
import io.custos.api.error.CryptoException;
import io.custos.api.error.ErrorCode;
import io.custos.hsm.internal.HsmSettings;
import io.custos.hsm.internal.Pkcs11RootKeyProvider;
import io.custos.spi.ConfigProperty;
import io.custos.spi.ProviderConfig;
import io.custos.spi.RootKeyProvider;
import io.custos.spi.RootKeyProviderFactory;
import java.util.List;

/**
 * Factory for the PKCS#11 root-key provider, id {@value #ID}. Registered for {@link java.util.ServiceLoader}
 * (and, through {@code osgi.serviceloader}, for an OSGi Service Loader Mediator); it has a public no-argument
 * constructor so a container can also instantiate it directly.
 *
 * <h2>Security guarantees</h2>
 * The PIN must be a reference ({@code env:VARIABLE} or {@code file:/path}); a literal is refused at
 * {@link #init}. It is read again at each login and wiped afterwards. Start-up failures are numbered:
 * CUSTOS-4101 (library), 4102 (token label), 4103 (PIN), 4104 (key missing), 4105 (key extractable),
 * 4108 (mechanism missing).
 */
public final class Pkcs11RootKeyProviderFactory implements RootKeyProviderFactory {
    public static final String ID = Pkcs11RootKeyProvider.ID;
    public static final String LIBRARY = HsmSettings.LIBRARY;
    public static final String TOKEN_LABEL = HsmSettings.TOKEN_LABEL;
    public static final String SLOT_LIST_INDEX = HsmSettings.SLOT_LIST_INDEX;
    public static final String PIN = HsmSettings.PIN;
    public static final String KEK_LABEL = HsmSettings.KEK_LABEL;
    public static final String KEK_VERSION = HsmSettings.KEK_VERSION;
    public static final String SIGNING_LABEL = HsmSettings.SIGNING_LABEL;
    public static final String GENERATE_KEYS = HsmSettings.GENERATE_KEYS;
    public static final String UNSEALED_KEY_TTL = HsmSettings.UNSEALED_KEY_TTL;
    public static final String UNSEALED_KEY_CACHE_SIZE = HsmSettings.UNSEALED_KEY_CACHE_SIZE;
    public static final String RECONNECT_INTERVAL = HsmSettings.RECONNECT_INTERVAL;

    private static final List<ConfigProperty> PROPERTIES = List.of(
            ConfigProperty.required(LIBRARY, "path of the PKCS#11 library, e.g. /usr/lib/softhsm/libsofthsm2.so"),
            ConfigProperty.required(TOKEN_LABEL, "label of the token; resolved to its slot at every (re)connect"),
            ConfigProperty.secret(PIN, "user PIN as env:VARIABLE or file:/path (a literal is refused)", true),
            ConfigProperty.optional(SLOT_LIST_INDEX, "skip the label lookup and use this slot list index "
                    + "(the label is then not checked)", null),
            ConfigProperty.optional(KEK_LABEL, "label stem of the AES-256 key-encryption key; "
                    + "version n is the token object <stem>.v<n>", HsmSettings.DEFAULT_KEK_LABEL),
            ConfigProperty.optional(KEK_VERSION, "key-encryption key version that seals new keys; older "
                    + "versions present in the token still unseal", "1"),
            ConfigProperty.optional(SIGNING_LABEL, "label of the EC P-256 audit signing key",
                    HsmSettings.DEFAULT_SIGNING_LABEL),
            ConfigProperty.optional(GENERATE_KEYS, "generate missing keys inside the token at start "
                    + "(leave false in production: keys come from a key ceremony)", "false"),
            ConfigProperty.optional(UNSEALED_KEY_TTL, "how long an unsealed data key stays usable while the token "
                    + "is unreachable, after the token last confirmed it (ISO-8601 or seconds; 0 disables)",
                    HsmSettings.DEFAULT_TTL),
            ConfigProperty.optional(UNSEALED_KEY_CACHE_SIZE, "most data keys kept for that purpose",
                    String.valueOf(HsmSettings.DEFAULT_CACHE_SIZE)),
            ConfigProperty.optional(RECONNECT_INTERVAL, "least time between two reconnect attempts",
                    HsmSettings.DEFAULT_RECONNECT));

    private HsmSettings settings;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<ConfigProperty> properties() {
        return PROPERTIES;
    }

    /**
     * @throws ConfigurationException CUSTOS-1001/1002 for missing or invalid properties (a literal PIN
     *                                included), CUSTOS-4101 if the library file does not exist
     */
    @Override
    public void init(ProviderConfig config) throws ConfigurationException {
        this.settings = HsmSettings.from(config);
    }

    /**
     * Logs in to the token and checks its keys.
     *
     * @throws ConfigurationException numbered start-up errors, see the class description
     * @throws CryptoException        CUSTOS-4106 if the token failed while opening
     */
    @Override
    public RootKeyProvider create() throws CryptoException {
        if (settings == null) {
            throw new ConfigurationException(ErrorCode.CONFIG_MISSING, LIBRARY, ID);
        }
        return Pkcs11RootKeyProvider.open(settings);
    }

    @Override
    public void close() {
        settings = null;
    }

    @Override
    public String toString() {
        return "Pkcs11RootKeyProviderFactory[" + (settings == null ? "not initialised" : settings) + "]";
    }
}
