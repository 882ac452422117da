package io.custos.examples.payara;

import io.custos.api.error.CryptoException;
import io.custos.jpa.ProtectionRuntime;
import io.custos.rotation.RotationEnvironment;
import io.custos.rotation.RotationWorker;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import javax.sql.DataSource;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The ERP's re-encryption worker: runs the jobs that a key custodian starts through the admin API
 * ({@code POST /custos-admin-rest/api/jobs}) on the tables of unit {@code device-erp}, as the Jakarta Batch job
 * {@code custos-reencrypt} of this web application (JBatch on Payara). Started by {@link RuntimeRegistration}
 * when the application starts, closed when it stops.
 *
 * <p>The worker's database is the shared <em>non-transactional</em> resource of services {@code kms}
 * ({@value KmsServicesProvider#DATA_SOURCE}, default {@value KmsServicesProvider#DEFAULT_DATA_SOURCE}): the same
 * database as the ERP's tables and the admin WAR's control tables, through the server's connection pool, and not
 * enlisted in JTA because the job's writer commits each chunk itself. Job runs are audited into the Custos audit
 * log of services {@code kms}.
 *
 * <p>Settings (MicroProfile Config): {@code custos.rotation.worker.enabled} (default {@code true}),
 * {@code custos.rotation.worker.poll-interval} (ISO-8601, default {@code PT5S}),
 * {@code custos.rotation.worker.instance} (this instance's name in leases, default pid@host) and
 * {@code custos.rotation.worker.chunk-size} (default 200).
 *
 * <h2>Security guarantees</h2>
 * The worker holds references to the unit's protectors and the pool, never keys or values; it logs job ids
 * and numbered messages only.
 */
final class ReencryptionWorker implements AutoCloseable {
    static final String ENABLED = "custos.rotation.worker.enabled";
    static final String POLL_INTERVAL = "custos.rotation.worker.poll-interval";
    static final String INSTANCE = "custos.rotation.worker.instance";
    static final String CHUNK_SIZE = "custos.rotation.worker.chunk-size";
    static final String EXECUTOR = "java:comp/DefaultManagedScheduledExecutorService";
    private static final Logger LOG = Logger.getLogger(ReencryptionWorker.class.getName());

    private final RotationWorker worker;

    private ReencryptionWorker(RotationWorker worker) {
        this.worker = worker;
    }

    /**
     * Starts polling for jobs, or returns {@code null} when switched off.
     *
     * @throws CryptoException if the control tables cannot be created
     * @throws NamingException if the data source or the managed executor is not bound
     */
    static ReencryptionWorker start(ProtectionRuntime runtime) throws CryptoException, NamingException {
        Config config = ConfigProvider.getConfig(ReencryptionWorker.class.getClassLoader());
        if (!config.getOptionalValue(ENABLED, Boolean.class).orElse(true)) {
            LOG.info("device-erp: re-encryption worker switched off (" + ENABLED + "=false)");
            return null;
        }
        String jndi = config.getOptionalValue(KmsServicesProvider.DATA_SOURCE, String.class)
                .orElse(KmsServicesProvider.DEFAULT_DATA_SOURCE);
        DataSource dataSource = InitialContext.doLookup(jndi);
        ScheduledExecutorService executor = InitialContext.doLookup(EXECUTOR);
        RotationEnvironment.Builder env = RotationEnvironment.builder().name("device-erp").dataSource(dataSource)
                .runtime(runtime).chunkSize(config.getOptionalValue(CHUNK_SIZE, Integer.class).orElse(200));
        config.getOptionalValue(INSTANCE, String.class).ifPresent(env::instanceId);
        KmsServices.opened(jndi).ifPresent(s -> env.audit(s.audit()));
        Duration interval = interval(config);
        RotationWorker worker = new RotationWorker(env.build(), 1);
        worker.start(executor, interval);
        LOG.info(() -> "device-erp: re-encryption worker polls " + jndi + " every " + interval);
        return new ReencryptionWorker(worker);
    }

    static Duration interval(Config config) {
        String value = config.getOptionalValue(POLL_INTERVAL, String.class).orElse("PT5S");
        try {
            Duration d = Duration.parse(value.trim());
            if (d.toMillis() >= 100) {
                return d;
            }
        } catch (DateTimeParseException e) {
            // reported below, without the value's text
        }
        throw new IllegalArgumentException(POLL_INTERVAL + " must be an ISO-8601 duration of at least 100 ms");
    }

    /** Stops polling; a running job stops after its chunk and goes back to QUEUED for the next start. */
    @Override
    public void close() {
        worker.close();
    }
}
