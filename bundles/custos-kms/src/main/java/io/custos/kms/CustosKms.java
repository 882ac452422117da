package io.custos.kms;

import io.custos.api.DataClass;
import io.custos.api.KeyReference;
import io.custos.api.Secret;
import io.custos.api.error.CryptoException;
import io.custos.spi.AuditSink;
import io.custos.spi.DataKeySource;
import io.custos.spi.KeyScope;
import io.custos.spi.ProviderConfig;
import io.custos.spi.ProviderSelection;
import io.custos.spi.RootKeyProvider;
import io.custos.spi.RootKeyProviderFactory;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The Custos key-management service. As a {@link DataKeySource} it serves the crypto engine; its other
 * methods are the administrative API, each taking the acting {@link Actor} and enforcing its roles.
 *
 * <pre>{@code
 * CustosKms kms = CustosKms.builder().dataSource(ds).rootKeyProvider(root).auditSink(audit).build();
 * CustosCrypto crypto = CustosCrypto.builder().keySource(kms).build();
 * }</pre>
 *
 * <h2>Security guarantees</h2>
 * <ul>
 *   <li>Every key below the root is stored only sealed: KEKs by the root-key provider, data keys by their
 *       partition's KEK. Unsealed keys stay in this instance's memory for at most the cache TTL.</li>
 *   <li>Every operation is audited through the {@link AuditSink}; an administrative change whose success
 *       event cannot be recorded is rolled back.</li>
 *   <li>Separation of duties: key custodians request, security officers approve; nobody approves their own
 *       request; auditors only read.</li>
 *   <li>A change made on one instance takes effect on every instance sharing the store within
 *       {@link KmsConfig#revocationPollInterval()}.</li>
 * </ul>
 * All methods throw {@link DutyViolationException} when the actor lacks the role, and
 * {@link KeyStoreFailureException} when the database fails (the store is then unchanged).
 */
@org.osgi.annotation.versioning.ProviderType
public interface CustosKms extends DataKeySource, AutoCloseable {

    static Builder builder() {
        return new Builder();
    }

    /**
     * Creates the key of {@code scope} (version 1, active or pre-active), or returns it if it exists.
     *
     * @throws CryptoException if the store or root-key provider fails
     */
    KeyInfo createKey(Actor actor, KeyScope scope, boolean activate) throws CryptoException;

    /**
     * Adds a new active version; the previous one is deactivated and keeps decrypting.
     *
     * @throws io.custos.api.error.KeyNotFoundException if the key does not exist
     * @throws ConcurrentKeyUpdateException              if another rotation of the same key won
     * @throws io.custos.api.error.KeyShreddedException  if the key was destroyed
     */
    KeyInfo rotate(Actor actor, long keyId) throws CryptoException;

    /**
     * Rotates every data key whose current version has outlived its data class's cryptoperiod.
     *
     * @return the ids of the rotated keys
     * @throws CryptoException if the store fails
     */
    List<Long> rotateDueKeys(Actor actor) throws CryptoException;

    /**
     * Rotates the KEK of a partition and re-seals its data keys under the new KEK version; the data is
     * untouched.
     *
     * @return the number of data-key versions re-sealed
     * @throws io.custos.api.error.KeyNotFoundException if the partition has no KEK yet
     * @throws ConcurrentKeyUpdateException              if another rotation of the same KEK won
     */
    int rotateKeyEncryptionKey(Actor actor, String tenant, DataClass dataClass) throws CryptoException;

    /**
     * Activates a pre-active version.
     *
     * @throws IllegalKeyTransitionException if the version is not pre-active
     */
    KeyInfo activate(Actor actor, KeyReference ref) throws CryptoException;

    /**
     * Deactivates a version: it decrypts but never encrypts again.
     *
     * @throws IllegalKeyTransitionException if the version is not active
     */
    KeyInfo deactivate(Actor actor, KeyReference ref) throws CryptoException;

    /**
     * Marks a version compromised (key custodian or security officer). If it was the current version, a new
     * version replaces it at once.
     *
     * @throws IllegalKeyTransitionException if the version is destroyed or already compromised
     */
    KeyInfo markCompromised(Actor actor, KeyReference ref) throws CryptoException;

    /**
     * Retires every version below {@code version} from decryption.
     *
     * @throws KmsRequestException if {@code version} is not between 1 and the current version
     */
    KeyInfo setMinimumDecryptionVersion(Actor actor, long keyId, long version) throws CryptoException;

    /**
     * Key metadata (auditor, custodian or officer).
     *
     * @throws io.custos.api.error.KeyNotFoundException if unknown
     */
    KeyInfo key(Actor actor, long keyId) throws CryptoException;

    /**
     * The key of a scope, if it exists.
     *
     * @throws CryptoException if the store fails
     */
    Optional<KeyInfo> find(Actor actor, KeyScope scope) throws CryptoException;

    /**
     * Every key, or those of one tenant.
     *
     * @throws CryptoException if the store fails
     */
    List<KeyInfo> keys(Actor actor, String tenant) throws CryptoException;

    /**
     * Schedules a destruction after {@code waitingPeriod} (null: the default).
     *
     * @throws KmsRequestException                      if the period is outside the configured bounds
     * @throws io.custos.api.error.KeyNotFoundException if the target has no keys
     */
    DestructionRequest requestDestruction(Actor actor, DestructionTarget target, Duration waitingPeriod)
            throws CryptoException;

    /**
     * Approves a pending destruction (a security officer other than the requester).
     *
     * @throws KmsRequestException if unknown, not pending, or already approved by this officer
     */
    DestructionRequest approveDestruction(Actor actor, long requestId) throws CryptoException;

    /**
     * Cancels a pending destruction.
     *
     * @throws KmsRequestException if unknown or not pending
     */
    DestructionRequest cancelDestruction(Actor actor, long requestId) throws CryptoException;

    /**
     * Executes one destruction now.
     *
     * @throws KmsRequestException if it is not pending, not yet due, or lacks approvals (CUSTOS-3113)
     */
    DestructionRequest executeDestruction(Actor actor, long requestId) throws CryptoException;

    /**
     * Executes every pending destruction that is due and approved.
     *
     * @throws CryptoException if the store fails
     */
    List<DestructionRequest> executeDueDestructions(Actor actor) throws CryptoException;

    /**
     * A destruction request.
     *
     * @throws KmsRequestException if unknown
     */
    DestructionRequest destruction(Actor actor, long requestId) throws CryptoException;

    /**
     * Issues an encrypt-only grant for one partition and data class.
     *
     * @throws KmsRequestException if the lifetime exceeds {@link KmsConfig#maxGrantLifetime()}
     */
    IssuedGrant issueGrant(Actor actor, String tenant, DataClass dataClass, String device, Duration lifetime)
            throws CryptoException;

    /**
     * Revokes a grant on every instance within the poll interval.
     *
     * @throws KmsRequestException if unknown
     */
    EdgeGrant revokeGrant(Actor actor, String grantId) throws CryptoException;

    /**
     * Every grant.
     *
     * @throws CryptoException if the store fails
     */
    List<EdgeGrant> grants(Actor actor) throws CryptoException;

    /**
     * The key source for a device holding a grant token: it encrypts in the grant's scope until the grant
     * expires or is revoked, and never decrypts ({@link GrantRejectedException}, CUSTOS-3110).
     */
    DataKeySource grantKeySource(Secret token);

    /**
     * For a device that cannot reach the key store: a fresh lease of the scope's current data key, wrapped
     * under the device's RSA public key, for use with {@link EdgeKeySource}. The grant must be valid and
     * cover the scope; the lease's encryption budget is reserved in the store.
     *
     * @throws GrantRejectedException if the grant is unknown, expired, revoked or out of scope, or the
     *                                device key is not RSA of at least 2048 bits
     * @throws CryptoException        if the store or root-key provider fails
     */
    EdgeKeyPackage edgeKeyPackage(Secret token, KeyScope scope, java.security.PublicKey devicePublicKey)
            throws CryptoException;

    /**
     * Backs up every key, sealed under a fresh backup key split into {@code shares} Shamir shares of which
     * {@code threshold} restore.
     *
     * @throws KmsRequestException if the share numbers are out of range
     */
    BackupBundle backup(Actor actor, int shares, int threshold) throws CryptoException;

    /**
     * Opens a restore ceremony into this (empty) store.
     *
     * @throws BackupException if the archive is unreadable or the store holds keys
     */
    RestoreCeremony beginRestore(Actor actor, byte[] archive) throws CryptoException;

    /**
     * Runs the background duties every {@code interval} on {@code executor} as {@link Actor#system()}:
     * rotation of keys past their cryptoperiod and execution of approved destructions whose waiting
     * period has ended. Failures are logged with their error code and retried at the next run.
     *
     * @return a handle whose {@code close()} stops the schedule
     */
    AutoCloseable scheduleMaintenance(java.util.concurrent.ScheduledExecutorService executor, Duration interval);

    /**
     * Reads the revision counter now and drops the caches if another instance changed something.
     *
     * @throws CryptoException if the store fails
     */
    void refresh() throws CryptoException;

    /** Drops every unsealed key from this instance's memory, and closes a provider chosen by id. */
    @Override
    void close();

    /** Builds a {@link CustosKms}; the data source, root-key provider and audit sink are required. */
    final class Builder {
        private DataSource dataSource;
        private RootKeyProvider rootKeyProvider;
        private AuditSink auditSink;
        private KmsConfig config = KmsConfig.defaults();
        private SecureRandom random;
        private String providerId;
        private ProviderConfig providerConfig;

        private Builder() {
        }

        /**
         * Chooses the root-key provider by its configured id ({@code pkcs11}, {@code software}) among the
         * {@link RootKeyProviderFactory} implementations {@link java.util.ServiceLoader} finds; zero or
         * several matches fail at {@link #build()} (CUSTOS-1003, 1004). The KMS then owns the provider and
         * closes it with itself. Outside plain Java (OSGi, CDI) pass a provider instance instead.
         */
        public Builder rootKeyProvider(String id, ProviderConfig config) {
            this.providerId = Objects.requireNonNull(id, "id");
            this.providerConfig = Objects.requireNonNull(config, "config");
            return this;
        }

        public Builder dataSource(DataSource value) {
            this.dataSource = Objects.requireNonNull(value, "dataSource");
            return this;
        }

        public Builder rootKeyProvider(RootKeyProvider value) {
            this.rootKeyProvider = Objects.requireNonNull(value, "rootKeyProvider");
            return this;
        }

        public Builder auditSink(AuditSink value) {
            this.auditSink = Objects.requireNonNull(value, "auditSink");
            return this;
        }

        public Builder config(KmsConfig value) {
            this.config = Objects.requireNonNull(value, "config");
            return this;
        }

        public Builder random(SecureRandom value) {
            this.random = Objects.requireNonNull(value, "random");
            return this;
        }

        /**
         * Connects to the store and creates or migrates its tables.
         *
         * @throws CryptoException if the database is unsupported or unreachable, or its schema is newer
         */
        public CustosKms build() throws CryptoException {
            if (dataSource == null || (rootKeyProvider == null && providerId == null) || auditSink == null) {
                throw new IllegalStateException("dataSource, rootKeyProvider and auditSink are required");
            }
            SecureRandom rng = random == null ? new SecureRandom() : random;
            if (rootKeyProvider != null) {
                return io.custos.kms.internal.KmsService.start(dataSource, rootKeyProvider, auditSink, config, rng,
                        () -> { });
            }
            RootKeyProviderFactory factory = ProviderSelection.fromServiceLoader("root-key provider", providerId,
                    RootKeyProviderFactory.class, CustosKms.class.getClassLoader());
            factory.init(providerConfig);
            RootKeyProvider owned;
            try {
                owned = factory.create();
            } catch (CryptoException | RuntimeException e) {
                factory.close();
                throw e;
            }
            try {
                return io.custos.kms.internal.KmsService.start(dataSource, owned, auditSink, config, rng, () -> {
                    owned.close();
                    factory.close();
                });
            } catch (CryptoException | RuntimeException e) {
                owned.close();
                factory.close();
                throw e;
            }
        }
    }
}
