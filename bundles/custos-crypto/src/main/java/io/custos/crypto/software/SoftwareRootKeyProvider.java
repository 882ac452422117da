package io.custos.crypto.software;

import io.custos.api.KeyReference;
import io.custos.api.Secret;
import io.custos.api.error.ConfigurationException;
import io.custos.api.error.CryptoException;
import io.custos.api.error.ErrorCode;
import io.custos.api.error.ProviderUnavailableException;
import io.custos.spi.ProviderHealth;
import io.custos.spi.RootKeyProvider;
import io.custos.spi.SealedKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.Arrays;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * Seals data keys with AES-256-GCM under the keystore's root key and signs with its EC P-256 key.
 * Sealed blob: {@code 0x01 || nonce(12) || ciphertext || tag(16)}, associated data
 * {@code "CUSTOS-SEAL" || 0x01 || rootKeyId || keyId || version} (see {@code docs/keys.md}).
 */
final class SoftwareRootKeyProvider implements RootKeyProvider {
    static final String ROOT_ALIAS = "custos-root-kek-1";
    static final String SIGNING_ALIAS = "custos-signing";
    static final String ROOT_KEY_ID = SoftwareRootKeyProviderFactory.ID + ":" + ROOT_ALIAS;
    private static final Logger LOG = Logger.getLogger(SoftwareRootKeyProvider.class.getName());
    private static final byte BLOB_VERSION = 1;
    private static final int NONCE = 12;
    private static final int TAG = 16;

    private final Path path;
    private final SecretKey rootKey;
    private final PrivateKey signingKey;
    private final PublicKey publicKey;
    private final SecureRandom random = new SecureRandom();
    private volatile boolean closed;

    private SoftwareRootKeyProvider(Path path, SecretKey rootKey, PrivateKey signingKey, PublicKey publicKey) {
        this.path = path;
        this.rootKey = rootKey;
        this.signingKey = signingKey;
        this.publicKey = publicKey;
    }

    static SoftwareRootKeyProvider open(Path path, Secret password, boolean create) throws CryptoException {
        char[] pw = password.chars();
        try {
            if (!Files.exists(path)) {
                if (!create) {
                    throw new ConfigurationException(ErrorCode.KEYSTORE_MISSING, path);
                }
                createKeystore(path, pw);
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(path)) {
                ks.load(in, pw);
            } catch (IOException | GeneralSecurityException e) {
                throw new ProviderUnavailableException(ErrorCode.KEYSTORE_UNREADABLE, path);
            }
            Key root = ks.getKey(ROOT_ALIAS, pw);
            Key signing = ks.getKey(SIGNING_ALIAS, pw);
            if (!(root instanceof SecretKey)) {
                throw new ProviderUnavailableException(ErrorCode.KEYSTORE_INCOMPLETE, path, ROOT_ALIAS);
            }
            if (!(signing instanceof PrivateKey) || ks.getCertificate(SIGNING_ALIAS) == null) {
                throw new ProviderUnavailableException(ErrorCode.KEYSTORE_INCOMPLETE, path, SIGNING_ALIAS);
            }
            LOG.warning(ErrorCode.SOFTWARE_ROOT_KEY_WARNING.format(path));
            return new SoftwareRootKeyProvider(path, (SecretKey) root, (PrivateKey) signing,
                    ks.getCertificate(SIGNING_ALIAS).getPublicKey());
        } catch (GeneralSecurityException e) {
            if (e instanceof CryptoException ce) {
                throw ce;
            }
            throw new ProviderUnavailableException(ErrorCode.KEYSTORE_UNREADABLE, path);
        } finally {
            Arrays.fill(pw, '\0');
        }
    }

    private static void createKeystore(Path path, char[] pw) throws CryptoException {
        try {
            KeyStore ks = KeystoreFactory.fresh(pw);
            Path dir = path.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".custos-keystore", ".tmp");
            try {
                restrict(tmp);
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    ks.store(out, pw);
                }
                Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE);
                LOG.info(() -> "created software keystore " + path);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (FileAlreadyExistsException e) {
            LOG.fine(() -> "another process created " + path + " first; using it");
        } catch (IOException | GeneralSecurityException e) {
            throw new ProviderUnavailableException(ErrorCode.PROVIDER_OPERATION_FAILED, e instanceof IOException ? e : null,
                    SoftwareRootKeyProviderFactory.ID, "create keystore " + path, e.getClass().getSimpleName());
        }
    }

    private static void restrict(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            LOG.log(Level.FINE, "cannot restrict permissions of {0}", file);
        }
    }

    @Override
    public String id() {
        return SoftwareRootKeyProviderFactory.ID;
    }

    @Override
    public SealedKey seal(Secret dataKey, KeyReference ref) throws CryptoException {
        checkOpen();
        byte[] plain = dataKey.bytes();
        try {
            byte[] blob = new byte[1 + NONCE + plain.length + TAG];
            blob[0] = BLOB_VERSION;
            byte[] nonce = new byte[NONCE];
            random.nextBytes(nonce);
            System.arraycopy(nonce, 0, blob, 1, NONCE);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, rootKey, new GCMParameterSpec(TAG * 8, nonce));
            c.updateAAD(sealAad(ROOT_KEY_ID, ref));
            c.doFinal(plain, 0, plain.length, blob, 1 + NONCE);
            return new SealedKey(ROOT_KEY_ID, blob);
        } catch (GeneralSecurityException e) {
            throw new ProviderUnavailableException(ErrorCode.PROVIDER_OPERATION_FAILED, id(), "seal " + ref, e.getClass().getSimpleName());
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
    }

    @Override
    public Secret unseal(SealedKey sealed, KeyReference ref) throws CryptoException {
        checkOpen();
        byte[] blob = sealed.blob();
        if (!ROOT_KEY_ID.equals(sealed.rootKeyId()) || blob.length < 1 + NONCE + TAG || blob[0] != BLOB_VERSION) {
            throw new ProviderUnavailableException(ErrorCode.UNSEAL_FAILED, id(), ref);
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, rootKey, new GCMParameterSpec(TAG * 8, blob, 1, NONCE));
            c.updateAAD(sealAad(sealed.rootKeyId(), ref));
            return Secret.wrapAndWipe(c.doFinal(blob, 1 + NONCE, blob.length - 1 - NONCE));
        } catch (GeneralSecurityException e) {
            throw new ProviderUnavailableException(ErrorCode.UNSEAL_FAILED, id(), ref);
        }
    }

    @Override
    public byte[] sign(byte[] data) throws CryptoException {
        checkOpen();
        try {
            Signature s = Signature.getInstance(signatureAlgorithm());
            s.initSign(signingKey);
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new ProviderUnavailableException(ErrorCode.PROVIDER_OPERATION_FAILED, id(), "sign", e.getClass().getSimpleName());
        }
    }

    @Override
    public PublicKey signingPublicKey() throws CryptoException {
        checkOpen();
        return publicKey;
    }

    @Override
    public String signatureAlgorithm() {
        return "SHA256withECDSA";
    }

    @Override
    public ProviderHealth health() {
        return closed ? ProviderHealth.down("software keystore closed")
                : ProviderHealth.up("software keystore " + path.getFileName() + " (not an HSM)");
    }

    @Override
    public void close() {
        closed = true;
    }

    private void checkOpen() throws ProviderUnavailableException {
        if (closed) {
            throw new ProviderUnavailableException(ErrorCode.PROVIDER_UNAVAILABLE, id(), "closed");
        }
    }

    static byte[] sealAad(String rootKeyId, KeyReference ref) {
        byte[] id = rootKeyId.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(12 + id.length + 8)
                .put("CUSTOS-SEAL".getBytes(StandardCharsets.US_ASCII)).put((byte) 1)
                .put(id).putInt((int) ref.keyId()).putInt((int) ref.version()).array();
    }

    @Override
    public String toString() {
        return "SoftwareRootKeyProvider[" + path + "]";
    }
}
