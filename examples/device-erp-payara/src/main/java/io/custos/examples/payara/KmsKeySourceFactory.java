package io.custos.examples.payara;

import io.custos.api.error.ConfigurationException;
import io.custos.api.error.CryptoException;
import io.custos.api.error.ErrorCode;
import io.custos.audit.AuditConfig;
import io.custos.audit.AuditRecorder;
import io.custos.config.MicroProfileConfigs;
import io.custos.jpa.spi.KeySourceFactory;
import io.custos.kms.CustosKms;
import io.custos.kms.KmsConfig;
import io.custos.spi.DataKeySource;
import io.custos.spi.RootKeyProvider;
import io.custos.spi.RootKeyProviderFactory;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Key source id {@code kms}: the persistence unit takes its data keys from the Custos KMS in the database that
 * the admin WAR manages, so a key rotated through the admin API is used by the ERP's next write (within the
 * KMS's revocation poll interval) while older rows keep reading under their version.
 *
 * <p>Configuration, from the unit's properties first, then MicroProfile Config (system properties,
 * environment, the WAR's {@code microprofile-config.properties}):
 * <ul>
 *   <li>{@value #DATA_SOURCE}: JNDI name of a <em>non-transactional</em> server data source on the KMS and
 *       audit tables (default {@value #DEFAULT_DATA_SOURCE}); the KMS commits its own work, which a connection
 *       enlisted in the ERP's JTA transaction would forbid</li>
 *   <li>{@code custos.root-key.provider} and that provider's properties ({@code custos.keystore.path},
 *       {@code custos.keystore.password} as {@code env:}/{@code file:} reference, ...): the same root keys as
 *       the admin WAR</li>
 *   <li>{@code custos.kms.schema}, {@code custos.kms.revocation-poll-interval}, {@code custos.kms.cache-ttl},
 *       and {@code custos.audit.*} (see {@link AuditConfig#fromProperties(Map)})</li>
 * </ul>
 * The KMS records its key events (a data key created on first use, ...) in the same tamper-evident audit log
 * as the admin WAR, which the auditor verifies through the admin API.
 *
 * <h2>Security guarantees</h2>
 * Nothing secret is read from the unit's properties; the root keystore password is only referenced. Unsealed
 * data keys stay in the KMS's cache of this deployment and are dropped when the web application stops
 * ({@link RuntimeRegistration#contextDestroyed}).
 */
public final class KmsKeySourceFactory implements KeySourceFactory {
    static final String DATA_SOURCE = "custos.key-source.datasource";
    static final String DEFAULT_DATA_SOURCE = "jdbc/custos-keys";
    private static final String OWNER = "key source 'kms'";
    private static final Logger LOG = Logger.getLogger(KmsKeySourceFactory.class.getName());

    @Override
    public String id() {
        return "kms";
    }

    /**
     * @throws ConfigurationException (CUSTOS-1002) if no data source is bound at the configured name or a
     *                                setting is invalid
     * @throws CryptoException        if the root-key provider, the audit log or the KMS store cannot start
     */
    @Override
    public DataKeySource create(Map<String, Object> properties) throws CryptoException {
        ClassLoader loader = KmsKeySourceFactory.class.getClassLoader();
        Config config = ConfigProvider.getConfig(loader);
        String jndi = setting(properties, config, DATA_SOURCE, DEFAULT_DATA_SOURCE);
        return KmsServices.shared(jndi, () -> start(jndi, properties, config, loader));
    }

    private static KmsServices start(String jndi, Map<String, Object> properties, Config config, ClassLoader loader)
            throws CryptoException {
        DataSource dataSource = lookup(jndi);
        RootKeyProvider rootKeys = MicroProfileConfigs.openRootKeyProvider(config,
                ServiceLoader.load(RootKeyProviderFactory.class, loader));
        AuditRecorder audit = null;
        try {
            audit = AuditRecorder.start(dataSource, rootKeys,
                    AuditConfig.fromProperties(MicroProfileConfigs.withPrefix(config, "custos.audit.")));
            CustosKms kms = CustosKms.builder().dataSource(dataSource).rootKeyProvider(rootKeys).auditSink(audit)
                    .config(kmsConfig(properties, config)).build();
            LOG.info("device-erp: data keys from the Custos KMS at " + jndi);
            return new KmsServices(kms, audit, rootKeys);
        } catch (CryptoException | RuntimeException e) {
            if (audit != null) {
                audit.close();
            }
            rootKeys.close();
            throw e;
        }
    }

    private static KmsConfig kmsConfig(Map<String, Object> properties, Config config) throws ConfigurationException {
        KmsConfig.Builder b = KmsConfig.builder();
        String schema = setting(properties, config, "custos.kms.schema", null);
        if (schema != null) {
            b.schema(schema);
        }
        String poll = setting(properties, config, "custos.kms.revocation-poll-interval", null);
        if (poll != null) {
            b.revocationPollInterval(duration("custos.kms.revocation-poll-interval", poll));
        }
        String ttl = setting(properties, config, "custos.kms.cache-ttl", null);
        if (ttl != null) {
            b.cacheTtl(duration("custos.kms.cache-ttl", ttl));
        }
        return b.build();
    }

    private static Duration duration(String name, String value) throws ConfigurationException {
        try {
            return Duration.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new ConfigurationException(ErrorCode.CONFIG_INVALID, name, OWNER, "not an ISO-8601 duration");
        }
    }

    private static String setting(Map<String, Object> properties, Config config, String name, String fallback) {
        Object v = properties.get(name);
        if (v instanceof String s && !s.isBlank()) {
            return s.trim();
        }
        return config.getOptionalValue(name, String.class).map(String::trim).filter(s -> !s.isEmpty()).orElse(fallback);
    }

    private static DataSource lookup(String jndi) throws ConfigurationException {
        try {
            return InitialContext.doLookup(jndi);
        } catch (NamingException e) {
            throw new ConfigurationException(ErrorCode.CONFIG_INVALID, DATA_SOURCE, OWNER,
                    "no data source is bound at " + jndi);
        }
    }
}
