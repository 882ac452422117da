package io.custos.hsm.internal;

import io.custos.api.Secret;
import io.custos.api.error.ConfigurationException;
import io.custos.api.error.CryptoException;
import io.custos.api.error.ErrorCode;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Security;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.Date;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * One logged-in SunPKCS11 provider instance with the token keys it found or generated. When the token,
 * its session or the library fails, the instance is dropped and a new one is opened; SunPKCS11 instances
 * cannot be repaired in place.
 *
 * <h2>Security guarantees</h2>
 * Keys are generated inside the token from a template that makes them sensitive and non-extractable,
 * and every key is checked for both before use. The JVM holds only handles. The PIN is wiped after login.
 */
public final class TokenConnection {
    static final String CIPHER = "AES/GCM/NoPadding";
    static final String SIGNATURE = "SHA256withECDSA";
    private static final Logger LOG = Logger.getLogger("io.custos.hsm");
    private static final Pattern CKR = Pattern.compile("CKR_[A-Z_]+");
    private static final String TEMPLATES = """
            attributes(generate, CKO_SECRET_KEY, CKK_AES) = {
              CKA_SENSITIVE = true
              CKA_EXTRACTABLE = false
              CKA_ENCRYPT = true
              CKA_DECRYPT = true
              CKA_WRAP = false
              CKA_UNWRAP = false
              CKA_SIGN = false
              CKA_VERIFY = false
            }
            attributes(generate, CKO_PRIVATE_KEY, CKK_EC) = {
              CKA_SENSITIVE = true
              CKA_EXTRACTABLE = false
              CKA_SIGN = true
              CKA_DECRYPT = false
              CKA_UNWRAP = false
              CKA_DERIVE = false
            }
            """;

    private final Provider provider;
    private final HsmSettings settings;
    private final Map<Integer, SecretKey> keks;
    private final PrivateKey signingKey;
    private final PublicKey publicKey;
    private final Pkcs11Wrapper.Slot slot;

    private TokenConnection(Provider provider, HsmSettings settings, Pkcs11Wrapper.Slot slot, Map<Integer, SecretKey> keks,
                            PrivateKey signingKey, PublicKey publicKey) {
        this.provider = provider;
        this.settings = settings;
        this.slot = slot;
        this.keks = keks;
        this.signingKey = signingKey;
        this.publicKey = publicKey;
    }

    /**
     * Finds the token, logs in, loads (or, if allowed, generates) the keys and checks them.
     *
     * @param pin wiped by the caller
     * @throws ConfigurationException 4101 library unusable, 4102 no such token, 4103 PIN refused, 4104 key missing,
     *                                4105 key extractable, 4108 mechanism missing
     * @throws TokenFault             if the token or library failed (a CKR_ code other than a PIN error)
     */
    public static TokenConnection open(HsmSettings settings, Secret pin) throws CryptoException, TokenFault {
        Pkcs11Wrapper.Slot slot = TokenSlots.resolve(settings);
        Provider provider = configure(settings, slot.index());
        KeyStore ks = login(provider, settings, pin);
        try {
            requireMechanism(provider, settings, "Cipher", CIPHER);
            requireMechanism(provider, settings, "Signature", SIGNATURE);
            Map<Integer, SecretKey> keks = loadKeks(ks, provider, settings);
            PrivateKey signing = loadOrCreateSigningKey(ks, provider, settings);
            PublicKey pub = ks.getCertificate(settings.signingLabel()).getPublicKey();
            checkProtected(signing, settings.signingLabel(), settings);
            return new TokenConnection(provider, settings, slot, Collections.unmodifiableMap(keks), signing, pub);
        } catch (CryptoException e) {
            throw e;
        } catch (GeneralSecurityException | RuntimeException e) {
            throw TokenFault.of(e);
        }
    }

    private static Provider configure(HsmSettings settings, int slotListIndex) throws CryptoException, TokenFault {
        String config = "--name=CustosHsm\nlibrary=" + settings.library() + "\nslotListIndex=" + slotListIndex + "\n"
                + TEMPLATES;
        try {
            return Security.getProvider("SunPKCS11").configure(config);
        } catch (RuntimeException e) {
            String code = ckr(e);
            if (code != null) {
                throw new TokenFault(code);
            }
            throw new ConfigurationException(ErrorCode.HSM_LIBRARY_UNUSABLE, settings.library(), innermostReason(e));
        }
    }

    private static KeyStore login(Provider provider, HsmSettings settings, Secret pin) throws CryptoException, TokenFault {
        char[] chars = pin.chars();
        try {
            KeyStore ks = KeyStore.getInstance("PKCS11", provider);
            ks.load(null, chars);
            return ks;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            String code = ckr(e);
            if (code != null && code.startsWith("CKR_PIN_")) {
                throw new ConfigurationException(ErrorCode.HSM_LOGIN_REFUSED, settings.tokenLabel(),
                        HsmSettings.PIN, code);
            }
            throw new TokenFault(code == null ? "login failed: " + e.getClass().getSimpleName() : code);
        } finally {
            Arrays.fill(chars, '\0');
        }
    }

    private static void requireMechanism(Provider p, HsmSettings settings, String type, String algorithm)
            throws ConfigurationException {
        if (p.getService(type, algorithm) == null) {
            throw new ConfigurationException(ErrorCode.HSM_MECHANISM_MISSING, settings.tokenLabel(), algorithm);
        }
    }

    private static Map<Integer, SecretKey> loadKeks(KeyStore ks, Provider p, HsmSettings settings)
            throws GeneralSecurityException, CryptoException {
        Map<Integer, SecretKey> keks = new TreeMap<>();
        Pattern versioned = Pattern.compile(Pattern.quote(settings.kekLabel()) + "\\.v([1-9][0-9]{0,8})");
        for (String alias : Collections.list(ks.aliases())) {
            Matcher m = versioned.matcher(alias);
            if (m.matches() && ks.isKeyEntry(alias)) {
                Key k = ks.getKey(alias, null);
                if (k instanceof SecretKey sk) {
                    checkProtected(sk, alias, settings);
                    keks.put(Integer.parseInt(m.group(1)), sk);
                }
            }
        }
        String current = HsmSettings.kekAlias(settings.kekLabel(), settings.kekVersion());
        if (!keks.containsKey(settings.kekVersion())) {
            if (!settings.generateKeys()) {
                throw new ConfigurationException(ErrorCode.HSM_KEY_MISSING, current, settings.tokenLabel(),
                        HsmSettings.GENERATE_KEYS);
            }
            KeyGenerator kg = KeyGenerator.getInstance("AES", p);
            kg.init(256);
            ks.setEntry(current, new KeyStore.SecretKeyEntry(kg.generateKey()), null);
            SecretKey stored = (SecretKey) ks.getKey(current, null);
            checkProtected(stored, current, settings);
            keks.put(settings.kekVersion(), stored);
            LOG.log(Level.INFO, "generated AES-256 key {0} in PKCS#11 token {1}",
                    new Object[] {current, settings.tokenLabel()});
        }
        return keks;
    }

    private static PrivateKey loadOrCreateSigningKey(KeyStore ks, Provider p, HsmSettings settings)
            throws GeneralSecurityException, CryptoException {
        String alias = settings.signingLabel();
        if (ks.isKeyEntry(alias)) {
            return (PrivateKey) ks.getKey(alias, null);
        }
        if (!settings.generateKeys()) {
            throw new ConfigurationException(ErrorCode.HSM_KEY_MISSING, alias, settings.tokenLabel(),
                    HsmSettings.GENERATE_KEYS);
        }
        KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC", p);
        kpg.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair kp = kpg.generateKeyPair();
        ks.setEntry(alias, new KeyStore.PrivateKeyEntry(kp.getPrivate(),
                new Certificate[] {selfSigned(alias, kp, p)}), null);
        LOG.log(Level.INFO, "generated EC P-256 signing key {0} in PKCS#11 token {1}",
                new Object[] {alias, settings.tokenLabel()});
        return (PrivateKey) ks.getKey(alias, null);
    }

    /** SunPKCS11 keeps a private key only with a certificate chain: a self-signed one, signed in the token. */
    private static X509Certificate selfSigned(String label, KeyPair kp, Provider p) throws GeneralSecurityException {
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, label)
                .addRDN(BCStyle.O, "Custos audit signing").build();
        Instant now = Instant.now();
        try {
            return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name,
                    new BigInteger(64, new SecureRandom()).add(BigInteger.ONE), Date.from(now.minus(Duration.ofMinutes(5))),
                    Date.from(now.plus(Duration.ofDays(3650 * 3))), name, kp.getPublic())
                    .build(new JcaContentSignerBuilder(SIGNATURE).setProvider(p).build(kp.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign the certificate of " + label);
        }
    }

    /** A key is accepted only as a handle to a sensitive, non-extractable token object. */
    static void checkProtected(Key key, String label, HsmSettings settings) throws ConfigurationException {
        if (!isProtectedHandle(key)) {
            throw new ConfigurationException(ErrorCode.HSM_KEY_NOT_PROTECTED, label, settings.tokenLabel());
        }
    }

    /**
     * SunPKCS11 reads CKA_TOKEN, CKA_SENSITIVE and CKA_EXTRACTABLE when it makes a key handle and shows
     * them in the handle's description; the encoding of a sensitive key is never available.
     */
    public static boolean isProtectedHandle(Key key) {
        String d = String.valueOf(key);
        return key.getEncoded() == null && key.getClass().getName().startsWith("sun.security.pkcs11.P11Key")
                && d.contains("token object") && d.contains(", sensitive") && d.contains("unextractable");
    }

    public byte[] encrypt(int kekVersion, byte[] nonce, byte[] aad, byte[] plaintext) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance(CIPHER, provider);
        c.init(Cipher.ENCRYPT_MODE, kek(kekVersion), new GCMParameterSpec(SealedBlob.TAG_BYTES * 8, nonce));
        c.updateAAD(aad);
        return c.doFinal(plaintext);
    }

    /** The plaintext, or {@code null} if authentication failed. */
    public byte[] decrypt(int kekVersion, byte[] nonce, byte[] aad, byte[] ciphertext) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance(CIPHER, provider);
        c.init(Cipher.DECRYPT_MODE, kek(kekVersion), new GCMParameterSpec(SealedBlob.TAG_BYTES * 8, nonce));
        c.updateAAD(aad);
        try {
            return c.doFinal(ciphertext);
        } catch (AEADBadTagException e) {
            return null;
        }
    }

    public byte[] sign(byte[] data) throws GeneralSecurityException {
        Signature s = Signature.getInstance(SIGNATURE, provider);
        s.initSign(signingKey);
        s.update(data);
        return s.sign();
    }

    /** Asks the token for one random byte: a cheap round trip through a session. */
    public boolean probe() {
        try {
            SecureRandom.getInstance("PKCS11", provider).nextBytes(new byte[1]);
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    public boolean hasKek(int version) {
        return keks.containsKey(version);
    }

    private SecretKey kek(int version) {
        return keks.get(version);
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    /** For the conformance check: the handles this connection holds, by label. */
    public Map<String, Key> keyHandles() {
        Map<String, Key> handles = new TreeMap<>();
        keks.forEach((v, k) -> handles.put(HsmSettings.kekAlias(settings.kekLabel(), v), k));
        handles.put(settings.signingLabel(), signingKey);
        return handles;
    }

    public Provider provider() {
        return provider;
    }

    public Pkcs11Wrapper.Slot slot() {
        return slot;
    }

    /** The first CKR_ error name in the chain, or {@code null}. */
    static String ckr(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            Matcher m = CKR.matcher(String.valueOf(c.getMessage()));
            if (m.find()) {
                return m.group();
            }
        }
        return null;
    }

    private static String innermostReason(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null) {
            c = c.getCause();
        }
        String msg = c.getMessage();
        return c.getClass().getSimpleName() + (msg == null ? "" : ": " + msg.lines().findFirst().orElse(""));
    }

    @Override
    public String toString() {
        return "TokenConnection[" + settings.tokenLabel() + ", slot index " + slot.index() + "]";
    }
}
