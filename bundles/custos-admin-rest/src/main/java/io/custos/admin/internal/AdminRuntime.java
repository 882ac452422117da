package io.custos.admin.internal;

import io.custos.api.DataClass;
import io.custos.api.Secret;
import io.custos.api.error.ConfigurationException;
import io.custos.api.error.CryptoException;
import io.custos.api.error.ErrorCode;
import io.custos.audit.AuditConfig;
import io.custos.audit.AuditRecorder;
import io.custos.kms.CustosKms;
import io.custos.kms.KmsConfig;
import io.custos.spi.ConfigProperty;
import io.custos.spi.ProviderConfig;
import io.custos.spi.ProviderSelection;
import io.custos.spi.RootKeyProvider;
import io.custos.spi.RootKeyProviderFactory;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.Config;

/**
 * Builds and owns the services behind the API, once per deployment: the data source, the root-key provider
 * (chosen by its configured id), the audit recorder that the provider signs for, the KMS, and the admin
 * module's own tables (policy versions, destruction requests).
 *
 * <p>Configuration (MicroProfile Config; every {@code custos.*} property is also handed to the root-key
 * provider factory, whose secret properties accept {@code env:NAME} and {@code file:/path} references):
 * <ul>
 *   <li>{@code custos.admin.jdbc.url}, {@code .user}, {@code .password} ({@code env:NAME} or {@code file:/path}):
 *       the store, reached through the JDBC driver (default {@code jdbc:h2:mem:custos-admin}, an in-memory H2
 *       database that listens on no port); see {@link DirectDataSource} for why not a container pool</li>
 *   <li>{@code custos.admin.datasource}: a JNDI data source to use instead</li>
 *   <li>{@code custos.root-key.provider}: {@code software} (default) or {@code pkcs11}</li>
 *   <li>{@code custos.kms.schema}, {@code custos.kms.destruction-approvals},
 *       {@code custos.kms.waiting-period.min-days}, {@code custos.kms.cryptoperiod.<DATA_CLASS>-days}</li>
 *   <li>{@code custos.audit.*}: see {@link AuditConfig#fromProperties(Map)}</li>
 *   <li>{@code custos.admin.backup.dir}: where backups are written (archive plus one file per share)</li>
 *   <li>{@code custos.admin.maintenance.interval}: how often the KMS rotates keys past their cryptoperiod and
 *       executes approved, due destructions, on the container's managed scheduler (ISO-8601, default
 *       {@code PT1H}; {@code off} disables it)</li>
 * </ul>
 * A start-up failure fails the deployment with the numbered message; nothing secret is in it.
 */
@ApplicationScoped
public class AdminRuntime {
    private static final Logger LOG = Logger.getLogger(AdminRuntime.class.getName());
    static final String OWNER = "custos-admin-rest";
    /** Names read even when they are set only as environment variables (which MP Config does not enumerate). */
    private static final List<String> KNOWN = List.of("custos.admin.datasource", "custos.admin.backup.dir",
            "custos.root-key.provider", "custos.kms.schema", "custos.kms.destruction-approvals",
            "custos.kms.waiting-period.min-days", "custos.audit.log-name", "custos.audit.schema",
            "custos.audit.table-prefix", "custos.audit.checkpoint.every-events",
            "custos.audit.checkpoint.every-seconds", "custos.audit.retention", "custos.audit.retention.archive-dir",
            "custos.audit.batch.max", "custos.admin.maintenance.interval", "custos.admin.jdbc.url",
            "custos.admin.jdbc.user", "custos.admin.jdbc.password");

    @Inject
    Config config;

    private DataSource dataSource;
    private RootKeyProviderFactory factory;
    private RootKeyProvider rootKeys;
    private AuditRecorder audit;
    private CustosKms kms;
    private KmsConfig kmsConfig;
    private AdminStore store;
    private Path backupDir;
    private final RestoreCeremonies restores = new RestoreCeremonies();
    private AutoCloseable maintenance;

    /** The container's scheduler: background key rotation and due destructions run on managed threads. */
    @Resource
    ManagedScheduledExecutorService scheduler;

    /** Starts the services with the application, so that bad configuration fails the deployment. */
    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        LOG.fine(() -> "custos admin runtime ready: " + kms.getClass().getSimpleName());
    }

    @PostConstruct
    void start() {
        try {
            Map<String, String> props = new HashMap<>();
            Set<String> names = new HashSet<>(KNOWN);
            for (DataClass c : DataClass.values()) {
                names.add("custos.kms.cryptoperiod." + c.name() + "-days");
            }
            for (String name : config.getPropertyNames()) {
                if (name.startsWith("custos.")) {
                    names.add(name);
                }
            }
            resolve(names, props);
            String jndi = props.get("custos.admin.datasource");
            String where;
            if (jndi != null && !jndi.isBlank()) {
                dataSource = lookup(jndi.trim());
                where = jndi.trim();
            } else {
                String jdbcUrl = props.getOrDefault("custos.admin.jdbc.url", "jdbc:h2:mem:custos-admin;DB_CLOSE_DELAY=-1");
                String password;
                try (Secret secret = ProviderConfig.of(OWNER, props).secret("custos.admin.jdbc.password").orElse(null)) {
                    password = secret == null ? null : new String(secret.chars());
                }
                dataSource = DirectDataSource.of(jdbcUrl.trim(), props.get("custos.admin.jdbc.user"), password,
                        AdminRuntime.class.getClassLoader());
                where = dataSource.toString();
            }
            String providerId = props.getOrDefault("custos.root-key.provider", "software");
            factory = ProviderSelection.fromServiceLoader("root-key provider", providerId,
                    RootKeyProviderFactory.class, AdminRuntime.class.getClassLoader());
            // the factory's own property names, so that environment variables (CUSTOS_KEYSTORE_PATH) reach it
            resolve(factory.properties().stream().map(ConfigProperty::name).toList(), props);
            factory.init(ProviderConfig.of(providerId, props));
            rootKeys = factory.create();
            audit = AuditRecorder.start(dataSource, rootKeys, AuditConfig.fromProperties(props));
            kmsConfig = kmsConfig(props);
            kms = CustosKms.builder().dataSource(dataSource).rootKeyProvider(rootKeys).auditSink(audit)
                    .config(kmsConfig).build();
            store = AdminStore.start(dataSource, audit);
            String interval = props.getOrDefault("custos.admin.maintenance.interval", "PT1H").trim();
            if (!interval.equalsIgnoreCase("off")) {
                maintenance = kms.scheduleMaintenance(scheduler, duration(interval));
            }
            backupDir = Path.of(props.getOrDefault("custos.admin.backup.dir",
                    System.getProperty("java.io.tmpdir") + "/custos-backups"));
            LOG.info("custos admin API started: root-key provider " + providerId + ", data source " + where);
        } catch (CryptoException e) {
            stop();
            throw new IllegalStateException(e.getMessage());
        } catch (RuntimeException e) {
            stop();
            throw e;
        }
    }

    @PreDestroy
    void stop() {
        if (maintenance != null) {
            try {
                maintenance.close();
            } catch (Exception e) {
                LOG.warning("stopping the KMS maintenance schedule failed: " + e.getClass().getSimpleName());
            }
        }
        restores.closeAll();
        if (kms != null) {
            kms.close();
        }
        if (audit != null) {
            audit.close();
        }
        if (rootKeys != null) {
            rootKeys.close();
        }
        if (factory != null) {
            factory.close();
        }
    }

    public CustosKms kms() {
        return kms;
    }

    public KmsConfig kmsConfig() {
        return kmsConfig;
    }

    public AuditRecorder audit() {
        return audit;
    }

    public RootKeyProvider rootKeys() {
        return rootKeys;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public AdminStore store() {
        return store;
    }

    public Path backupDir() {
        return backupDir;
    }

    public RestoreCeremonies restores() {
        return restores;
    }

    /** Looks names up through MP Config, which also maps them to environment variables. */
    private void resolve(java.util.Collection<String> names, Map<String, String> into) {
        for (String name : names) {
            config.getOptionalValue(name, String.class).ifPresent(v -> into.put(name, v));
        }
    }

    private static Duration duration(String iso) throws ConfigurationException {
        try {
            Duration d = Duration.parse(iso);
            if (d.compareTo(Duration.ofSeconds(1)) < 0) {
                throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "custos.admin.maintenance.interval", OWNER,
                        "must be at least PT1S, or off");
            }
            return d;
        } catch (java.time.format.DateTimeParseException e) {
            throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "custos.admin.maintenance.interval", OWNER,
                    "not an ISO-8601 duration such as PT1H, or off");
        }
    }

    private static DataSource lookup(String jndi) throws ConfigurationException {
        try {
            return InitialContext.doLookup(jndi);
        } catch (NamingException e) {
            throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "custos.admin.datasource", OWNER,
                    "no data source is bound at " + jndi);
        }
    }

    private static KmsConfig kmsConfig(Map<String, String> p) throws ConfigurationException {
        try {
            KmsConfig.Builder b = KmsConfig.builder();
            if (p.containsKey("custos.kms.schema")) {
                b.schema(p.get("custos.kms.schema"));
            }
            if (p.containsKey("custos.kms.destruction-approvals")) {
                b.destructionApprovals(Integer.parseInt(p.get("custos.kms.destruction-approvals").trim()));
            }
            if (p.containsKey("custos.kms.waiting-period.min-days")) {
                Duration min = Duration.ofDays(Long.parseLong(p.get("custos.kms.waiting-period.min-days").trim()));
                Duration def = Duration.ofDays(30).compareTo(min) < 0 ? min : Duration.ofDays(30);
                b.waitingPeriod(def, min, Duration.ofDays(365).compareTo(min) < 0 ? min : Duration.ofDays(365));
            }
            for (DataClass c : DataClass.values()) {
                String v = p.get("custos.kms.cryptoperiod." + c.name() + "-days");
                if (v != null) {
                    b.cryptoperiod(c, Duration.ofDays(Long.parseLong(v.trim())));
                }
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "custos.kms.*", OWNER, e.getMessage());
        }
    }
}
