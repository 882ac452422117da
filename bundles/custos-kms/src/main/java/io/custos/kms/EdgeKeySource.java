package io.custos.kms;

import io.custos.api.KeyReference;
import io.custos.api.Secret;
import io.custos.api.error.CryptoException;
import io.custos.api.error.ErrorCode;
import io.custos.api.error.KeyStateException;
import io.custos.spi.DataKey;
import io.custos.spi.DataKeySource;
import io.custos.spi.KeyScope;
import io.custos.spi.KeyUsage;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.spec.MGF1ParameterSpec;
import java.time.Clock;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * The key source of an edge device that has no access to the key store: it unwraps an
 * {@link EdgeKeyPackage} with the device's private key and serves that one key for encryption in the
 * package's partition and data class until the package expires or its encryption budget is spent.
 *
 * <pre>{@code
 * EdgeKeySource source = EdgeKeySource.open(pkg, devicePrivateKey, Clock.systemUTC());
 * FieldProtector p = CustosCrypto.builder().keySource(source).build().randomized();
 * }</pre>
 *
 * <h2>Security guarantees</h2>
 * Encrypt-only: {@link #decryptionKey(KeyReference)} always fails (CUSTOS-3110). Out-of-scope or expired
 * use fails with CUSTOS-3110; a spent budget with CUSTOS-3004 (fetch a new package). {@link #close()} drops
 * the key; {@link #toString()} shows ids only.
 */
public final class EdgeKeySource implements DataKeySource, AutoCloseable {
    private final EdgeKeyPackage pkg;
    private final Clock clock;
    private volatile DataKey key;

    private EdgeKeySource(EdgeKeyPackage pkg, DataKey key, Clock clock) {
        this.pkg = pkg;
        this.key = key;
        this.clock = clock;
    }

    /**
     * Unwraps the package.
     *
     * @throws GrantRejectedException if the package cannot be unwrapped with this private key (CUSTOS-3110)
     */
    public static EdgeKeySource open(EdgeKeyPackage pkg, PrivateKey deviceKey, Clock clock) throws CryptoException {
        byte[] raw = null;
        try {
            Cipher rsa = Cipher.getInstance(EdgeKeyPackage.WRAP_ALGORITHM);
            rsa.init(Cipher.DECRYPT_MODE, deviceKey, oaep());
            raw = rsa.doFinal(pkg.wrappedKey());
            return new EdgeKeySource(pkg, new DataKey(pkg.key(), Secret.copyOf(raw), pkg.encryptions()), clock);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new GrantRejectedException(ErrorCode.KMS_GRANT_REJECTED, pkg.grantId(),
                    "the key package does not open with this device key");
        } finally {
            if (raw != null) {
                Arrays.fill(raw, (byte) 0);
            }
        }
    }

    static OAEPParameterSpec oaep() {
        return new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);
    }

    @Override
    public DataKey encryptionKey(KeyScope scope) throws CryptoException {
        DataKey k = key;
        if (k == null) {
            throw new GrantRejectedException(ErrorCode.KMS_GRANT_REJECTED, pkg.grantId(), "the key source is closed");
        }
        if (!clock.instant().isBefore(pkg.expiresAt())) {
            throw new GrantRejectedException(ErrorCode.KMS_GRANT_REJECTED, pkg.grantId(),
                    "expired at " + pkg.expiresAt());
        }
        if (!pkg.tenant().equals(scope.tenant()) || pkg.dataClass() != scope.dataClass()
                || scope.usage() != KeyUsage.FIELD_ENCRYPTION) {
            throw new GrantRejectedException(ErrorCode.KMS_GRANT_REJECTED, pkg.grantId(),
                    "scope " + scope.tenant() + "/" + scope.dataClass() + "/" + scope.usage() + " is outside "
                            + pkg.tenant() + "/" + pkg.dataClass());
        }
        return k;
    }

    @Override
    public DataKey decryptionKey(KeyReference ref) throws CryptoException {
        throw new GrantRejectedException(ErrorCode.KMS_GRANT_REJECTED, pkg.grantId(), "it is encrypt-only");
    }

    @Override
    public void budgetSpent(DataKey spent) throws CryptoException {
        throw new KeyStateException(ErrorCode.KEY_USAGE_EXHAUSTED, spent.reference(), pkg.encryptions());
    }

    /** Drops the key; later calls fail. */
    @Override
    public void close() {
        DataKey k = key;
        key = null;
        if (k != null) {
            k.material().close();
        }
    }

    @Override
    public String toString() {
        return "EdgeKeySource[" + pkg.grantId() + ", " + pkg.key() + "]";
    }
}
