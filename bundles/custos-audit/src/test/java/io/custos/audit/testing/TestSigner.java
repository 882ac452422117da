package io.custos.audit.testing;

import io.custos.api.KeyReference;
import io.custos.api.Secret;
import io.custos.api.error.CryptoException;
import io.custos.api.error.ErrorCode;
import io.custos.api.error.ProviderUnavailableException;
import io.custos.spi.ProviderHealth;
import io.custos.spi.RootKeyProvider;
import io.custos.spi.SealedKey;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;

/** A root-key provider for tests: signs with an in-memory EC P-256 key; can be switched off. */
public final class TestSigner implements RootKeyProvider {
    private final KeyPair pair;
    private volatile boolean down;

    public TestSigner() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            pair = g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public void setDown(boolean value) {
        down = value;
    }

    @Override
    public String id() {
        return "test";
    }

    @Override
    public SealedKey seal(Secret dataKey, KeyReference ref) throws CryptoException {
        throw new ProviderUnavailableException(ErrorCode.PROVIDER_OPERATION_FAILED, "test", "seal", "not supported");
    }

    @Override
    public Secret unseal(SealedKey sealed, KeyReference ref) throws CryptoException {
        throw new ProviderUnavailableException(ErrorCode.PROVIDER_OPERATION_FAILED, "test", "unseal", "not supported");
    }

    @Override
    public byte[] sign(byte[] data) throws CryptoException {
        if (down) {
            throw new ProviderUnavailableException(ErrorCode.PROVIDER_UNAVAILABLE, "test", "switched off");
        }
        try {
            Signature s = Signature.getInstance(signatureAlgorithm());
            s.initSign(pair.getPrivate());
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new ProviderUnavailableException(ErrorCode.PROVIDER_OPERATION_FAILED, "test", "sign", "error");
        }
    }

    @Override
    public PublicKey signingPublicKey() {
        return pair.getPublic();
    }

    @Override
    public String signatureAlgorithm() {
        return "SHA256withECDSA";
    }

    @Override
    public ProviderHealth health() {
        return down ? ProviderHealth.down("off") : ProviderHealth.up("test");
    }

    @Override
    public void close() {
    }
}
