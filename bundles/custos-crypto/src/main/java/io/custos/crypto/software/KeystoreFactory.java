package io.custos.crypto.software;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Builds a fresh PKCS#12 keystore: an AES-256 root key and an EC P-256 signing key with a self-signed certificate. */
final class KeystoreFactory {
    private KeystoreFactory() {
    }

    static KeyStore fresh(char[] password) throws GeneralSecurityException {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, password);
            KeyGenerator aes = KeyGenerator.getInstance("AES");
            aes.init(256, new SecureRandom());
            SecretKey root = aes.generateKey();
            KeyStore.ProtectionParameter protection = new KeyStore.PasswordProtection(password);
            ks.setEntry(SoftwareRootKeyProvider.ROOT_ALIAS, new KeyStore.SecretKeyEntry(root), protection);

            KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
            ec.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair pair = ec.generateKeyPair();
            X509Certificate cert = selfSigned(pair);
            ks.setKeyEntry(SoftwareRootKeyProvider.SIGNING_ALIAS, pair.getPrivate(), password, new X509Certificate[] {cert});
            return ks;
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException("cannot initialise an empty PKCS#12 keystore");
        }
    }

    private static X509Certificate selfSigned(KeyPair pair) throws GeneralSecurityException {
        Instant now = Instant.now();
        X500Name name = new X500Name("CN=Custos software audit signing key");
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(36500))), name, pair.getPublic());
        try {
            ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate());
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign the signing key's certificate");
        }
    }
}
