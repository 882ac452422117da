package io.custos.hsm.internal;

import io.custos.api.KeyReference;
import io.custos.api.Secret;
import io.custos.api.error.ConfigurationException;
import io.custos.api.error.CryptoException;
import io.custos.api.error.ErrorCode;
import io.custos.api.error.ProviderUnavailableException;
import io.custos.spi.ProviderHealth;
import io.custos.spi.RootKeyProvider;
import io.custos.spi.SealedKey;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@link RootKeyProvider} over a PKCS#11 token through SunPKCS11. Data keys are sealed with AES-256-GCM
 * inside the token under a non-extractable token key ({@link SealedBlob}); audit checkpoints are signed with
 * ECDSA P-256 inside the token.
 *
 * <h2>Security guarantees</h2>
 * <ul>
 *   <li>Sealing never happens outside the token: when the token is unreachable, {@link #seal} fails closed
 *       (CUSTOS-4106).</li>
 *   <li>While the token is unreachable, {@link #unseal} answers only for blobs the token itself unsealed or
 *       sealed less than {@code custos.hsm.unsealed-key-ttl} ago, under the same reference.</li>
 *   <li>A PIN the token refused is not presented again until the configured PIN changes, so an outage never
 *       burns through a real HSM's retry counter.</li>
 *   <li>Messages and logs carry labels, key references and PKCS#11 error names only; exceptions carry no
 *       cause from inside the provider.</li>
 * </ul>
 */
public final class Pkcs11RootKeyProvider implements RootKeyProvider {
    public static final String ID = "pkcs11";
    private static final Logger LOG = Logger.getLogger("io.custos.hsm");
    private static final int MAX_SEALED_KEY_BYTES = 1024;

    @FunctionalInterface
    private interface TokenOp<T> {
        T apply(TokenConnection c) throws GeneralSecurityException;
    }

    private final HsmSettings settings;
    private final UnsealedKeyCache cache;
    private final SecureRandom random = new SecureRandom();
    private final ReentrantLock reconnectLock = new ReentrantLock();
    private final AtomicReference<TokenConnection> connection;
    private final AtomicLong reconnects = new AtomicLong();
    private final AtomicLong loginAttempts = new AtomicLong(1);
    private final AtomicLong servedFromCache = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicBoolean cacheUseLogged = new java.util.concurrent.atomic.AtomicBoolean();
    private final String currentRootKeyId;
    private volatile PublicKey publicKey;
    private volatile String lastFault = "none";
    private volatile long nextAttemptNanos;
    private volatile boolean closed;
    private Secret refusedPin; // guarded by reconnectLock

    private Pkcs11RootKeyProvider(HsmSettings settings, TokenConnection first) {
        this.settings = settings;
        this.cache = new UnsealedKeyCache(settings.unsealedKeyTtl(), settings.unsealedKeyCacheSize());
        this.connection = new AtomicReference<>(first);
        this.publicKey = first.publicKey();
        this.currentRootKeyId = HsmSettings.rootKeyId(settings.kekLabel(), settings.kekVersion());
    }

    /**
     * Logs in and checks the keys; every start-up failure is a numbered {@link ConfigurationException}.
     *
     * @throws ConfigurationException 4101 library, 4102 token label, 4103 PIN, 4104 key missing, 4105 key
     *                                extractable, 4108 mechanism missing
     * @throws ProviderUnavailableException 4106 if the token failed while opening
     */
    public static Pkcs11RootKeyProvider open(HsmSettings settings) throws CryptoException {
        try (Secret pin = settings.pin()) {
            TokenConnection c = openAtStart(settings, pin);
            LOG.log(Level.INFO, "PKCS#11 token {0} opened (slot index {1}); unsealed keys are kept for at most {2}",
                    new Object[] {settings.tokenLabel(), c.slot().index(), settings.unsealedKeyTtl()});
            if (!Pkcs11Wrapper.resettable()) {
                LOG.log(Level.INFO, "PKCS#11 library re-initialisation is off (JVM lacks --add-opens "
                        + "jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED): after a token removal "
                        + "the application must restart; lost sessions still heal");
            }
            return new Pkcs11RootKeyProvider(settings, c);
        } catch (TokenFault f) {
            throw unreachable(settings, f.reason(), "check the token and the PKCS#11 library");
        }
    }

    private static TokenConnection openAtStart(HsmSettings settings, Secret pin) throws CryptoException, TokenFault {
        try {
            return TokenConnection.open(settings, pin);
        } catch (TokenFault f) {
            if (!Pkcs11Wrapper.resettable()) {
                throw f;
            }
            try {
                Pkcs11Wrapper.reinitialize(settings.library());
            } catch (ReflectiveOperationException e) {
                throw f;
            }
            return TokenConnection.open(settings, pin);
        }
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public SealedKey seal(Secret dataKey, KeyReference ref) throws CryptoException {
        int len = dataKey.length();
        if (len == 0 || len > MAX_SEALED_KEY_BYTES) {
            throw new CryptoException(ErrorCode.PROVIDER_OPERATION_FAILED, ID, "seal " + ref,
                    "key of " + len + " bytes");
        }
        byte[] nonce = new byte[SealedBlob.NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] aad = SealedBlob.associatedData(SealedBlob.VERSION_1, currentRootKeyId, ref);
        byte[] plain = dataKey.bytes();
        try {
            byte[] ct = withToken("seal " + ref, c -> c.encrypt(settings.kekVersion(), nonce, aad, plain));
            byte[] blob = new SealedBlob(SealedBlob.VERSION_1, nonce, ct).encode();
            cache.confirmed(currentRootKeyId, blob, ref, dataKey);
            return new SealedKey(currentRootKeyId, blob);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    @Override
    public Secret unseal(SealedKey sealed, KeyReference ref) throws CryptoException {
        int version = kekVersionOf(sealed.rootKeyId());
        byte[] blob = sealed.blob();
        SealedBlob parsed = SealedBlob.parse(blob);
        if (parsed == null) {
            throw new CryptoException(ErrorCode.UNSEAL_FAILED, ID, ref);
        }
        byte[] aad = SealedBlob.associatedData(parsed.version(), sealed.rootKeyId(), ref);
        byte[] plain;
        try {
            plain = withToken("unseal " + ref, c -> {
                if (!c.hasKek(version)) {
                    throw new UnknownRootKey(sealed.rootKeyId());
                }
                return c.decrypt(version, parsed.nonce(), aad, parsed.ciphertext());
            });
        } catch (ProviderUnavailableException e) {
            Secret cached = cache.lookup(sealed.rootKeyId(), blob, ref);
            if (cached == null) {
                throw unreachable(settings, lastFault, "no copy of " + ref + " unsealed within the last "
                        + settings.unsealedKeyTtl() + "; unsealing fails closed");
            }
            servedFromCache.incrementAndGet();
            if (cacheUseLogged.compareAndSet(false, true)) {
                LOG.log(Level.WARNING, "PKCS#11 token {0} unreachable ({1}): serving recently unsealed keys from the "
                        + "cache for at most {2}, first {3}", new Object[] {settings.tokenLabel(), lastFault,
                        settings.unsealedKeyTtl(), ref});
            }
            return cached;
        }
        if (plain == null) {
            throw new CryptoException(ErrorCode.UNSEAL_FAILED, ID, ref);
        }
        Secret key = Secret.wrapAndWipe(plain);
        cache.confirmed(sealed.rootKeyId(), blob, ref, key);
        return key;
    }

    @Override
    public byte[] sign(byte[] data) throws CryptoException {
        return withToken("sign", c -> c.sign(data));
    }

    @Override
    public PublicKey signingPublicKey() {
        return publicKey;
    }

    @Override
    public String signatureAlgorithm() {
        return TokenConnection.SIGNATURE;
    }

    @Override
    public ProviderHealth health() {
        if (closed) {
            return ProviderHealth.down("closed");
        }
        TokenConnection c = connection.get();
        if (c != null && c.probe()) {
            return ProviderHealth.up("token " + settings.tokenLabel() + " reachable");
        }
        if (c != null) {
            broken(c, "probe failed");
        }
        try {
            reconnect(false);
            return ProviderHealth.up("token " + settings.tokenLabel() + " reachable again");
        } catch (CryptoException e) {
            return cache.hasLiveEntries()
                    ? new ProviderHealth(ProviderHealth.Status.DEGRADED, "token unreachable (" + lastFault
                    + "); serving recently unsealed keys for at most " + settings.unsealedKeyTtl())
                    : ProviderHealth.down("token unreachable (" + lastFault + ")");
        }
    }

    /** How often the provider opened a new connection after a fault. */
    public long reconnects() {
        return reconnects.get();
    }

    /** How often the provider presented a PIN to the token (start-up included). */
    public long loginAttempts() {
        return loginAttempts.get();
    }

    /** How many unseals were answered from the cache while the token was unreachable. */
    public long servedFromCache() {
        return servedFromCache.get();
    }

    /** The current connection, for the conformance check; {@code null} while the token is unreachable. */
    public TokenConnection connection() {
        return connection.get();
    }

    public HsmSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        closed = true;
        connection.set(null);
        cache.close();
        reconnectLock.lock();
        try {
            if (refusedPin != null) {
                refusedPin.close();
                refusedPin = null;
            }
        } finally {
            reconnectLock.unlock();
        }
    }

    private <T> T withToken(String what, TokenOp<T> op) throws CryptoException {
        TokenConnection c = current();
        try {
            return op.apply(c);
        } catch (UnknownRootKey e) {
            throw new CryptoException(ErrorCode.HSM_ROOT_KEY_UNKNOWN, e.rootKeyId, settings.tokenLabel());
        } catch (GeneralSecurityException | RuntimeException e) {
            String reason = TokenFault.of(e).reason();
            // The thread that finds the fault tries once at once: a lost session heals unnoticed.
            boolean first = broken(c, reason);
            TokenConnection again = reconnect(first);
            try {
                return op.apply(again);
            } catch (UnknownRootKey e2) {
                throw new CryptoException(ErrorCode.HSM_ROOT_KEY_UNKNOWN, e2.rootKeyId, settings.tokenLabel());
            } catch (GeneralSecurityException | RuntimeException e2) {
                String reason2 = TokenFault.of(e2).reason();
                broken(again, reason2);
                throw unreachable(settings, reason2, what + " failed closed");
            }
        }
    }

    private TokenConnection current() throws CryptoException {
        if (closed) {
            throw new ProviderUnavailableException(ErrorCode.PROVIDER_UNAVAILABLE, ID, "closed");
        }
        TokenConnection c = connection.get();
        return c != null ? c : reconnect(false);
    }

    /** Drops {@code c} if it is still current; true for the caller that dropped it. */
    private boolean broken(TokenConnection c, String reason) {
        if (connection.compareAndSet(c, null)) {
            lastFault = reason;
            LOG.log(Level.WARNING, "PKCS#11 token {0} failed ({1}); sealing fails closed until it is back",
                    new Object[] {settings.tokenLabel(), reason});
            return true;
        }
        return false;
    }

    private TokenConnection reconnect(boolean immediate) throws CryptoException {
        try {
            if (!reconnectLock.tryLock(30, TimeUnit.SECONDS)) {
                throw unreachable(settings, lastFault, "reconnecting");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unreachable(settings, lastFault, "interrupted");
        }
        try {
            TokenConnection c = connection.get();
            if (c != null) {
                return c;
            }
            if (closed) {
                throw new ProviderUnavailableException(ErrorCode.PROVIDER_UNAVAILABLE, ID, "closed");
            }
            if (!immediate && System.nanoTime() - nextAttemptNanos < 0) {
                throw unreachable(settings, lastFault, "next reconnect attempt within " + settings.reconnectInterval());
            }
            nextAttemptNanos = System.nanoTime() + settings.reconnectInterval().toNanos();
            c = connect();
            connection.set(c);
            publicKey = c.publicKey();
            reconnects.incrementAndGet();
            lastFault = "none";
            cacheUseLogged.set(false);
            LOG.log(Level.INFO, "PKCS#11 token {0} reachable again (slot index {1})",
                    new Object[] {settings.tokenLabel(), c.slot().index()});
            return c;
        } finally {
            reconnectLock.unlock();
        }
    }

    private TokenConnection connect() throws CryptoException {
        Secret pin;
        try {
            pin = settings.pin();
        } catch (ConfigurationException e) {
            lastFault = e.code().id();
            throw unreachable(settings, lastFault, "the PIN reference cannot be read: " + e.getMessage());
        }
        try (pin) {
            if (refusedPin != null && refusedPin.equals(pin)) {
                lastFault = "PIN refused earlier";
                throw new ProviderUnavailableException(ErrorCode.HSM_LOGIN_REFUSED, settings.tokenLabel(),
                        HsmSettings.PIN, "refused earlier");
            }
            try {
                return attempt(pin);
            } catch (TokenFault first) {
                if (!Pkcs11Wrapper.resettable()) {
                    lastFault = first.reason();
                    throw unreachable(settings, first.reason(), "will retry");
                }
                // A removed and re-inserted token (or a library that lost its state) is found only by a
                // library that starts afresh.
                try {
                    Pkcs11Wrapper.reinitialize(settings.library());
                } catch (ReflectiveOperationException e) {
                    LOG.log(Level.FINE, "library re-initialisation failed: {0}", TokenFault.of(e).reason());
                }
                try {
                    return attempt(pin);
                } catch (TokenFault second) {
                    lastFault = second.reason();
                    throw unreachable(settings, second.reason(), "will retry");
                }
            }
        }
    }

    /** Opens a connection; a refused PIN is remembered, every other failure is a {@link TokenFault}. */
    private TokenConnection attempt(Secret pin) throws CryptoException, TokenFault {
        try {
            loginAttempts.incrementAndGet();
            return TokenConnection.open(settings, pin);
        } catch (ConfigurationException e) {
            if (e.code() != ErrorCode.HSM_LOGIN_REFUSED) {
                throw new TokenFault(e.code().id());
            }
            if (refusedPin != null) {
                refusedPin.close();
            }
            refusedPin = Secret.wrapAndWipe(pin.bytes());
            lastFault = "PIN refused";
            LOG.log(Level.SEVERE, "PKCS#11 token {0} refused the PIN; it is not presented again until {1} changes",
                    new Object[] {settings.tokenLabel(), HsmSettings.PIN});
            throw new ProviderUnavailableException(ErrorCode.HSM_LOGIN_REFUSED, settings.tokenLabel(),
                    HsmSettings.PIN, "refused");
        }
    }

    private int kekVersionOf(String rootKeyId) throws CryptoException {
        String prefix = "pkcs11:" + settings.kekLabel() + ".v";
        if (rootKeyId.startsWith(prefix)) {
            try {
                int v = Integer.parseInt(rootKeyId.substring(prefix.length()));
                if (v > 0) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // falls through to the error below
            }
        }
        throw new CryptoException(ErrorCode.HSM_ROOT_KEY_UNKNOWN, rootKeyId, settings.tokenLabel());
    }

    private static ProviderUnavailableException unreachable(HsmSettings settings, String reason, String what) {
        return new ProviderUnavailableException(ErrorCode.HSM_TOKEN_UNREACHABLE, settings.tokenLabel(), reason, what);
    }

    /** Thrown inside a token operation when the sealed key names a key version the token lacks. */
    private static final class UnknownRootKey extends GeneralSecurityException {
        private static final long serialVersionUID = 1L;
        private final String rootKeyId;

        UnknownRootKey(String rootKeyId) {
            this.rootKeyId = rootKeyId;
        }
    }

    @Override
    public String toString() {
        return "Pkcs11RootKeyProvider[" + settings.tokenLabel() + ", " + currentRootKeyId + "]";
    }
}
