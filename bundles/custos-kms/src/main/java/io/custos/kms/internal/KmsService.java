package io.custos.kms.internal;

import io.custos.api.DataClass;
import io.custos.api.KeyReference;
import io.custos.api.Secret;
import io.custos.api.error.CryptoException;
import io.custos.kms.Actor;
import io.custos.kms.BackupBundle;
import io.custos.kms.CustosKms;
import io.custos.kms.DestructionRequest;
import io.custos.kms.DestructionTarget;
import io.custos.kms.EdgeGrant;
import io.custos.kms.EdgeKeyPackage;
import io.custos.kms.IssuedGrant;
import io.custos.kms.KeyInfo;
import io.custos.kms.KeyState;
import io.custos.kms.KmsConfig;
import io.custos.kms.RestoreCeremony;
import io.custos.kms.Role;
import io.custos.spi.AuditSink;
import io.custos.spi.DataKey;
import io.custos.spi.DataKeySource;
import io.custos.spi.KeyScope;
import io.custos.spi.RootKeyProvider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/** The {@link CustosKms} implementation: wires the parts of one instance and delegates. */
public final class KmsService implements CustosKms {
    private static final Logger LOG = Logger.getLogger(KmsService.class.getName());
    private final Kernel kernel;
    private final KeyOps keys;
    private final DataPath data;
    private final Destruction destruction;
    private final Grants grants;
    private final Backups backups;
    private final Runnable onClose;

    private KmsService(Kernel kernel, SecureRandom random, Runnable onClose) {
        this.onClose = onClose;
        this.kernel = kernel;
        this.keys = new KeyOps(kernel);
        this.data = new DataPath(kernel, keys);
        this.destruction = new Destruction(kernel);
        this.grants = new Grants(kernel, data);
        this.backups = new Backups(kernel, random);
    }

    /**
     * Connects to the store, creating or migrating its tables.
     *
     * @throws CryptoException if the database is unsupported or unreachable, or its schema is newer
     */
    public static CustosKms start(DataSource dataSource, RootKeyProvider root, AuditSink sink, KmsConfig config,
                                  SecureRandom random, Runnable onClose) throws CryptoException {
        Kernel kernel = new Kernel(dataSource, root, sink, config, random);
        new SchemaMigrator(kernel.db).migrate(kernel.now());
        return new KmsService(kernel, random, onClose);
    }

    @Override
    public DataKey encryptionKey(KeyScope scope) throws CryptoException {
        return data.encryptionKey(scope);
    }

    @Override
    public DataKey decryptionKey(KeyReference ref) throws CryptoException {
        return data.decryptionKey(ref);
    }

    @Override
    public void budgetSpent(DataKey key) {
        data.budgetSpent(key);
    }

    @Override
    public List<KeyReference> decryptableVersions(KeyScope scope) throws CryptoException {
        return data.decryptableVersions(scope);
    }

    @Override
    public KeyInfo createKey(Actor actor, KeyScope scope, boolean activate) throws CryptoException {
        return keys.createKey(actor, scope, activate);
    }

    @Override
    public KeyInfo rotate(Actor actor, long keyId) throws CryptoException {
        return keys.rotate(actor, keyId, "manual");
    }

    @Override
    public List<Long> rotateDueKeys(Actor actor) throws CryptoException {
        return keys.rotateDue(actor);
    }

    @Override
    public int rotateKeyEncryptionKey(Actor actor, String tenant, DataClass dataClass) throws CryptoException {
        return keys.rotateKek(actor, tenant, dataClass);
    }

    @Override
    public KeyInfo activate(Actor actor, KeyReference ref) throws CryptoException {
        return keys.transition(actor, ref, KeyState.ACTIVE, Role.KEY_CUSTODIAN);
    }

    @Override
    public KeyInfo deactivate(Actor actor, KeyReference ref) throws CryptoException {
        return keys.transition(actor, ref, KeyState.DEACTIVATED, Role.KEY_CUSTODIAN);
    }

    @Override
    public KeyInfo markCompromised(Actor actor, KeyReference ref) throws CryptoException {
        return keys.transition(actor, ref, KeyState.COMPROMISED, Role.KEY_CUSTODIAN, Role.SECURITY_OFFICER);
    }

    @Override
    public KeyInfo setMinimumDecryptionVersion(Actor actor, long keyId, long version) throws CryptoException {
        return keys.setMinimumDecryptionVersion(actor, keyId, version);
    }

    @Override
    public KeyInfo key(Actor actor, long keyId) throws CryptoException {
        return keys.info(actor, keyId);
    }

    @Override
    public Optional<KeyInfo> find(Actor actor, KeyScope scope) throws CryptoException {
        return keys.find(actor, scope);
    }

    @Override
    public List<KeyInfo> keys(Actor actor, String tenant) throws CryptoException {
        return keys.list(actor, tenant);
    }

    @Override
    public DestructionRequest requestDestruction(Actor actor, DestructionTarget target, Duration waitingPeriod)
            throws CryptoException {
        return destruction.request(actor, target, waitingPeriod);
    }

    @Override
    public DestructionRequest approveDestruction(Actor actor, long requestId) throws CryptoException {
        return destruction.approve(actor, requestId);
    }

    @Override
    public DestructionRequest cancelDestruction(Actor actor, long requestId) throws CryptoException {
        return destruction.cancel(actor, requestId);
    }

    @Override
    public DestructionRequest executeDestruction(Actor actor, long requestId) throws CryptoException {
        return destruction.execute(actor, requestId);
    }

    @Override
    public List<DestructionRequest> executeDueDestructions(Actor actor) throws CryptoException {
        return destruction.executeDue(actor);
    }

    @Override
    public DestructionRequest destruction(Actor actor, long requestId) throws CryptoException {
        return destruction.get(actor, requestId);
    }

    @Override
    public IssuedGrant issueGrant(Actor actor, String tenant, DataClass dataClass, String device, Duration lifetime)
            throws CryptoException {
        return grants.issue(actor, tenant, dataClass, device, lifetime);
    }

    @Override
    public EdgeGrant revokeGrant(Actor actor, String grantId) throws CryptoException {
        return grants.revoke(actor, grantId);
    }

    @Override
    public List<EdgeGrant> grants(Actor actor) throws CryptoException {
        return grants.list(actor);
    }

    @Override
    public DataKeySource grantKeySource(Secret token) {
        return grants.keySource(token);
    }

    @Override
    public EdgeKeyPackage edgeKeyPackage(Secret token, KeyScope scope, PublicKey devicePublicKey)
            throws CryptoException {
        return grants.export(token, scope, devicePublicKey);
    }

    @Override
    public BackupBundle backup(Actor actor, int shares, int threshold) throws CryptoException {
        return backups.backup(actor, shares, threshold);
    }

    @Override
    public RestoreCeremony beginRestore(Actor actor, byte[] archive) throws CryptoException {
        return backups.begin(actor, archive);
    }

    @Override
    public AutoCloseable scheduleMaintenance(ScheduledExecutorService executor, Duration interval) {
        long millis = Math.max(1, interval.toMillis());
        ScheduledFuture<?> task = executor.scheduleWithFixedDelay(this::maintain, millis, millis, TimeUnit.MILLISECONDS);
        return () -> task.cancel(false);
    }

    private void maintain() {
        try {
            List<Long> rotated = keys.rotateDue(Actor.system());
            List<DestructionRequest> destroyed = destruction.executeDue(Actor.system());
            if (!rotated.isEmpty() || !destroyed.isEmpty()) {
                LOG.info(() -> "custos-kms maintenance: rotated keys " + rotated + ", executed destruction requests "
                        + destroyed.stream().map(DestructionRequest::id).toList());
            }
        } catch (CryptoException e) {
            LOG.log(Level.WARNING, "custos-kms maintenance failed ({0}); retrying at the next run", e.code().id());
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "custos-kms maintenance failed ({0}); retrying at the next run",
                    e.getClass().getSimpleName());
        }
    }

    @Override
    public void refresh() throws CryptoException {
        kernel.refresh();
    }

    @Override
    public void close() {
        kernel.invalidate();
        onClose.run();
    }

    @Override
    public String toString() {
        return "CustosKms[" + kernel.config + "]";
    }
}
