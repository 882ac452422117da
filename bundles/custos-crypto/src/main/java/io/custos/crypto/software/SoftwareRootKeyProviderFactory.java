package io.custos.crypto.software;

import io.custos.api.Secret;
import io.custos.api.error.ConfigurationException;
import io.custos.api.error.CryptoException;
import io.custos.api.error.ErrorCode;
import io.custos.spi.ConfigProperty;
import io.custos.spi.ProviderConfig;
import io.custos.spi.RootKeyProvider;
import io.custos.spi.RootKeyProviderFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Factory for the software root-key provider, id {@value #ID}. Registered for {@link java.util.ServiceLoader}.
 *
 * <h2>Security guarantees</h2>
 * The password is read as a secret and wiped once the keystore is open.
 */
public final class SoftwareRootKeyProviderFactory implements RootKeyProviderFactory {
    public static final String ID = "software";
    public static final String PATH = "custos.keystore.path";
    public static final String PASSWORD = "custos.keystore.password";
    public static final String CREATE = "custos.keystore.create";
    /** Read when {@value #PASSWORD} is not set. */
    public static final String PASSWORD_ENV = "CUSTOS_KEYSTORE_PASSWORD";

    private static final List<ConfigProperty> PROPERTIES = List.of(
            ConfigProperty.required(PATH, "PKCS#12 keystore file holding the root key and the signing key"),
            ConfigProperty.secret(PASSWORD, "keystore password: a literal, env:VARIABLE or file:/path; "
                    + "defaults to the environment variable " + PASSWORD_ENV, false),
            ConfigProperty.optional(CREATE, "create the keystore with fresh keys if it does not exist", "false"));

    private Path path;
    private Secret password;
    private boolean create;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<ConfigProperty> properties() {
        return PROPERTIES;
    }

    @Override
    public void init(ProviderConfig config) throws ConfigurationException {
        this.path = Path.of(config.require(PATH));
        this.create = config.getBoolean(CREATE, false);
        Optional<Secret> configured = config.secret(PASSWORD);
        if (configured.isPresent()) {
            this.password = configured.get();
        } else {
            ProviderConfig fromEnv = new ProviderConfig(ID, java.util.Map.of(PASSWORD, "env:" + PASSWORD_ENV), System::getenv);
            this.password = fromEnv.secret(PASSWORD).orElseThrow(
                    () -> new ConfigurationException(ErrorCode.CONFIG_MISSING, PASSWORD, ID));
        }
    }

    @Override
    public RootKeyProvider create() throws CryptoException {
        if (path == null || password == null) {
            throw new ConfigurationException(ErrorCode.CONFIG_MISSING, PATH, ID);
        }
        return SoftwareRootKeyProvider.open(path, password, create);
    }

    @Override
    public void close() {
        if (password != null) {
            password.close();
        }
    }

    @Override
    public String toString() {
        return "SoftwareRootKeyProviderFactory[" + path + "]";
    }
}
