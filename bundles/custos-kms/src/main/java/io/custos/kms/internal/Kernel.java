package io.custos.kms.internal;

import io.custos.api.KeyReference;
import io.custos.api.error.CryptoException;
import io.custos.kms.Actor;
import io.custos.kms.KmsConfig;
import io.custos.spi.AuditSink;
import io.custos.spi.RootKeyProvider;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;

/**
 * What every part of one KMS instance shares: store, hierarchy, caches, audit, and the revision watcher that
 * bounds how late another instance's revocation takes effect here.
 */
final class Kernel {
    /** An operation whose failures are audited. */
    interface Op<T> {
        T run() throws CryptoException;
    }

    final KmsConfig config;
    final Db db;
    final KeyRepository repo;
    final KeyMaterial material;
    final KeyHierarchy hierarchy;
    final KeyCache cache;
    final Audit audit;
    private final List<Runnable> invalidationListeners = new CopyOnWriteArrayList<>();
    private final long pollNanos;
    private volatile long lastPoll;
    private volatile long revision = Long.MIN_VALUE;

    Kernel(DataSource dataSource, RootKeyProvider root, AuditSink sink, KmsConfig config, SecureRandom random) {
        this.config = config;
        this.db = new Db(dataSource, config.schema());
        this.repo = new KeyRepository(db);
        this.material = new KeyMaterial(random);
        this.hierarchy = new KeyHierarchy(root, repo, material, db, config.cacheTtl());
        this.cache = new KeyCache(config.cacheTtl(), config.cacheMaxUses());
        this.audit = new Audit(sink, config.clock());
        this.pollNanos = config.revocationPollInterval().toNanos();
        this.lastPoll = System.nanoTime() - pollNanos;
    }

    Instant now() {
        return config.clock().instant();
    }

    String service() {
        return config.servicePrincipal();
    }

    void onInvalidate(Runnable listener) {
        invalidationListeners.add(listener);
    }

    /** Drops every unsealed key and cached grant of this instance. */
    void invalidate() {
        cache.clear();
        hierarchy.invalidate();
        invalidationListeners.forEach(Runnable::run);
    }

    /**
     * Reads the store's revision counter at most once per poll interval and drops the caches when another
     * instance changed something (rotation, revocation, destruction, grant revocation).
     *
     * @return the current {@link System#nanoTime()}, for the cache's expiry check
     */
    long maybeRefresh() throws CryptoException {
        long now = System.nanoTime();
        if (now - lastPoll < pollNanos) {
            return now;
        }
        synchronized (this) {
            if (System.nanoTime() - lastPoll < pollNanos) {
                return System.nanoTime();
            }
            refresh();
        }
        return System.nanoTime();
    }

    synchronized void refresh() throws CryptoException {
        cache.sweep();
        hierarchy.sweep();
        long current = db.tx("read the revision counter", repo::revision);
        if (current != revision) {
            invalidate();
            revision = current;
        }
        lastPoll = System.nanoTime();
    }

    /** Runs {@code op}, auditing a denial or failure before rethrowing it. */
    <T> T audited(Actor actor, String action, String tenant, String target, KeyReference key, Op<T> op)
            throws CryptoException {
        try {
            return op.run();
        } catch (CryptoException | RuntimeException e) {
            // a rolled-back transaction may have cached a KEK version that was never committed (the same
            // reference is generated again on retry), so unsealed KEKs are dropped on every failure
            if (!(e instanceof io.custos.api.error.AccessDeniedException)) {
                hierarchy.invalidate();
            }
            if (e instanceof CryptoException ce) {
                audit.failure(actor.principal(), action, tenant, target, key, ce);
            }
            throw e;
        }
    }
}
