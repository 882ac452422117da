package io.custos.kms.testing;

import io.custos.api.KeyReference;
import io.custos.api.Secret;
import io.custos.api.error.CryptoException;
import io.custos.api.error.ErrorCode;
import io.custos.api.error.ProviderUnavailableException;
import io.custos.spi.ProviderHealth;
import io.custos.spi.RootKeyProvider;
import io.custos.spi.SealedKey;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * A test root-key provider: AES-GCM under an in-memory key (associated data = the key reference), an
 * in-memory EC signing key, counters for every call, and a record of the material it sealed or unsealed
 * so leak tests can look for it.
 */
public final class TestRoot implements RootKeyProvider {
    public final AtomicInteger seals = new AtomicInteger();
    public final AtomicInteger unseals = new AtomicInteger();
    public final List<String> materialSeen = new CopyOnWriteArrayList<>();
    private final SecretKey root;
    private final KeyPair signing;
    private final String rootId;
    private final SecureRandom random = new SecureRandom();

    public TestRoot(String rootId) {
        try {
            KeyGenerator g = KeyGenerator.getInstance("AES");
            g.init(256);
            this.root = g.generateKey();
            KeyPairGenerator kp = KeyPairGenerator.getInstance("EC");
            kp.initialize(256);
            this.signing = kp.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        this.rootId = rootId;
    }

    @Override
    public String id() {
        return "test";
    }

    @Override
    public SealedKey seal(Secret dataKey, KeyReference ref) throws CryptoException {
        seals.incrementAndGet();
        byte[] k = dataKey.bytes();
        materialSeen.add(HexFormat.of().formatHex(k));
        try {
            byte[] nonce = new byte[12];
            random.nextBytes(nonce);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, root, new GCMParameterSpec(128, nonce));
            c.updateAAD(aad(ref));
            byte[] ct = c.doFinal(k);
            return new SealedKey(rootId, ByteBuffer.allocate(12 + ct.length).put(nonce).put(ct).array());
        } catch (GeneralSecurityException e) {
            throw new ProviderUnavailableException(ErrorCode.PROVIDER_OPERATION_FAILED, id(), "seal", "test");
        } finally {
            java.util.Arrays.fill(k, (byte) 0);
        }
    }

    @Override
    public Secret unseal(SealedKey sealed, KeyReference ref) throws CryptoException {
        unseals.incrementAndGet();
        if (!rootId.equals(sealed.rootKeyId())) {
            throw new ProviderUnavailableException(ErrorCode.UNSEAL_FAILED, id(), ref);
        }
        byte[] blob = sealed.blob();
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, root, new GCMParameterSpec(128, blob, 0, 12));
            c.updateAAD(aad(ref));
            byte[] k = c.doFinal(blob, 12, blob.length - 12);
            materialSeen.add(HexFormat.of().formatHex(k));
            return Secret.wrapAndWipe(k);
        } catch (GeneralSecurityException e) {
            throw new ProviderUnavailableException(ErrorCode.UNSEAL_FAILED, id(), ref);
        }
    }

    private static byte[] aad(KeyReference ref) {
        return ByteBuffer.allocate(16).putLong(ref.keyId()).putLong(ref.version()).array();
    }

    @Override
    public byte[] sign(byte[] data) throws CryptoException {
        try {
            Signature s = Signature.getInstance(signatureAlgorithm());
            s.initSign(signing.getPrivate());
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new ProviderUnavailableException(ErrorCode.PROVIDER_OPERATION_FAILED, id(), "sign", "test");
        }
    }

    @Override
    public PublicKey signingPublicKey() {
        return signing.getPublic();
    }

    @Override
    public String signatureAlgorithm() {
        return "SHA256withECDSA";
    }

    @Override
    public ProviderHealth health() {
        return ProviderHealth.up("test");
    }

    @Override
    public void close() {
    }
}
