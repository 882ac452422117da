package io.custos.examples.payara;

import io.custos.api.error.ConfigurationException;
import io.custos.api.error.CryptoException;
import io.custos.api.error.ErrorCode;
import io.custos.audit.AuditConfig;
import io.custos.audit.AuditRecorder;
import io.custos.crypto.CustosCrypto;
import io.custos.jpa.ProtectionServices;
import io.custos.jpa.spi.ProtectionServicesProvider;
import io.custos.kms.CustosKms;
import io.custos.kms.KmsConfig;
import io.custos.spi.ConfigProperty;
import io.custos.spi.ProviderConfig;
import io.custos.spi.ProviderSelection;
import io.custos.spi.RootKeyProvider;
import io.custos.spi.RootKeyProviderFactory;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Services id {@code kms} ({@code custos.services=kms}): the persistence unit takes its data keys from the Custos
 * KMS in the database that the admin WAR manages, so a key rotated through the admin API is used by the ERP's next
 * write (within the KMS's revocation poll interval) while older rows keep reading under their version; and it
 * records its audit events (reads of protected fields, refused queries, the KMS's key events) in the same
 * tamper-evident log, which the auditor verifies through the admin API.
 *
 * <p>A services provider rather than a {@code KeySourceFactory} under {@code custos.services=config}: the config
 * provider looks key sources up with the thread's context class loader, which on Payara Server, for a web module
 * of an EAR, is not the module's while the unit is built (CUSTOS-1003 "no key source with id 'kms'"); services
 * providers are looked up with the unit's own class loader.
 *
 * <p>Configuration, from MicroProfile Config (system properties, environment) first, then the unit's properties:
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
 * <h2>Security guarantees</h2>
 * Nothing secret is read from the unit's properties; the root keystore password is only referenced. Unsealed
 * data keys stay in the KMS's cache of this deployment and are dropped when the web application stops
 * ({@link RuntimeRegistration#contextDestroyed}).
 */
public final class KmsServicesProvider implements ProtectionServicesProvider {
    static final String DATA_SOURCE = "custos.datasource";
    static final String DEFAULT_DATA_SOURCE = "jdbc/custos-keys";
    static final String ROOT_KEY_PROVIDER = "custos.root-key.provider";
    private static final String[] AUDIT_SETTINGS = {"custos.audit.log-name", "custos.audit.schema",
        "custos.audit.table-prefix", "custos.audit.checkpoint.every-events", "custos.audit.checkpoint.every-seconds",
        "custos.audit.retention", "custos.audit.retention.archive-dir", "custos.audit.batch.max"};
    private static final String OWNER = "Custos services 'kms'";
    private static final Logger LOG = Logger.getLogger(KmsServicesProvider.class.getName());

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
    public ProtectionServices services(Map<String, Object> properties) throws CryptoException {
        Config config = ConfigProvider.getConfig(KmsServicesProvider.class.getClassLoader());
        String jndi = setting(properties, config, DATA_SOURCE, DEFAULT_DATA_SOURCE);
        return services(KmsServices.shared(jndi, () -> start(lookup(jndi), jndi, properties, config)));
    }

    /** The unit's services over one application's KMS and audit recorder. */
    static ProtectionServices services(KmsServices shared) {
        return ProtectionServices.builder().crypto(CustosCrypto.builder().keySource(shared.kms()).build())
                .audit(shared.audit()).build();
    }

    /** Opens the root-key provider, the audit recorder and the KMS on {@code dataSource} (named {@code where}). */
    static KmsServices start(DataSource dataSource, String where, Map<String, Object> properties, Config config)
            throws CryptoException {
        ClassLoader loader = KmsServicesProvider.class.getClassLoader();
        String providerId = setting(properties, config, ROOT_KEY_PROVIDER, null);
        if (providerId == null) {
            throw new ConfigurationException(ErrorCode.CONFIG_MISSING, ROOT_KEY_PROVIDER, OWNER);
        }
        RootKeyProviderFactory factory = ProviderSelection.fromServiceLoader("root-key provider", providerId,
                RootKeyProviderFactory.class, loader);
        RootKeyProvider rootKeys = null;
        AuditRecorder audit = null;
        try {
            ProviderConfig providerConfig = ProviderConfig.of(providerId,
                    settings(properties, config, factory.properties()));
            LOG.info(() -> "device-erp: root-key provider " + providerConfig.describe(factory.properties()));
            factory.init(providerConfig);
            rootKeys = factory.create();
            audit = AuditRecorder.start(dataSource, rootKeys, AuditConfig.fromProperties(
                    settings(properties, config, AUDIT_SETTINGS)));
            CustosKms kms = CustosKms.builder().dataSource(dataSource).rootKeyProvider(rootKeys).auditSink(audit)
                    .config(kmsConfig(properties, config)).build();
            LOG.info("device-erp: data keys from the Custos KMS at " + where);
            return new KmsServices(kms, audit, rootKeys, factory);
        } catch (CryptoException | RuntimeException e) {
            if (audit != null) {
                audit.close();
            }
            if (rootKeys != null) {
                rootKeys.close();
            }
            factory.close();
            throw e;
        }
    }

    /** The named properties' values (MicroProfile Config, else the unit's properties, else the declared default). */
    private static Map<String, String> settings(Map<String, Object> properties, Config config,
                                                Iterable<ConfigProperty> names) {
        Map<String, String> out = new HashMap<>();
        for (ConfigProperty p : names) {
            String v = setting(properties, config, p.name(), p.defaultValue());
            if (v != null) {
                out.put(p.name(), v);
            }
        }
        return out;
    }

    private static Map<String, String> settings(Map<String, Object> properties, Config config, String... names) {
        Map<String, String> out = new HashMap<>();
        for (String name : names) {
            String v = setting(properties, config, name, null);
            if (v != null) {
                out.put(name, v);
            }
        }
        return out;
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

    /**
     * MicroProfile Config first (the environment overrides), then the unit's property. On Payara Server the
     * application's own {@code microprofile-config.properties} is not visible yet while an EAR's unit is built,
     * so what the application ships belongs in persistence.xml.
     */
    private static String setting(Map<String, Object> properties, Config config, String name, String fallback) {
        String v = config.getOptionalValue(name, String.class).map(String::trim).orElse("");
        if (!v.isEmpty()) {
            return v;
        }
        return properties.get(name) instanceof String s && !s.isBlank() ? s.trim() : fallback;
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
