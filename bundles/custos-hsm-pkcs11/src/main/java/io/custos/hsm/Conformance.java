package io.custos.hsm;

import io.custos.api.KeyReference;
import io.custos.api.Secret;
import io.custos.api.error.CryptoException;
import io.custos.api.error.ErrorCode;
import io.custos.hsm.internal.HsmSettings;
import io.custos.hsm.internal.Pkcs11RootKeyProvider;
import io.custos.hsm.internal.Pkcs11Wrapper;
import io.custos.hsm.internal.TokenConnection;
import io.custos.spi.ProviderConfig;
import io.custos.spi.SealedKey;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.spec.ECPrivateKeySpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.SecretKeySpec;

/**
 * The conformance check an operator runs against their own HSM before trusting it with Custos's root keys:
 * <pre>
 *   java --add-opens jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED \
 *        -cp "custos-spi.jar:custos-hsm-pkcs11.jar:bcprov.jar:bcpkix.jar:bcutil.jar" \
 *        io.custos.hsm.Conformance hsm.properties
 * </pre>
 * The properties file holds the same {@code custos.hsm.*} keys as the provider (system properties of the
 * same names override it). It checks that the keys are sensitive and non-extractable in the token, that no
 * key material can be exported into the JVM, that sealing and unsealing round-trip and refuse a wrong
 * reference or a damaged blob, that a signature verifies outside the token, and which mechanisms the token
 * offers. It prints one line per check and a verdict; the exit status is 0 when conformant, 1 when not,
 * 2 for a usage error.
 *
 * <h2>Security guarantees</h2>
 * Prints labels, mechanism names and error messages only; the PIN is read from its reference and never
 * printed. The test key it seals is random and wiped.
 */
public final class Conformance {
    private static final long[] ATTRIBUTES = {0x1L, 0x103L, 0x162L, 0x165L, 0x164L};
    private static final String ATTRIBUTE_NAMES = "CKA_TOKEN, CKA_SENSITIVE, !CKA_EXTRACTABLE, CKA_ALWAYS_SENSITIVE, "
            + "CKA_NEVER_EXTRACTABLE";
    private static final List<String> REQUIRED_MECHANISMS = List.of("CKM_AES_KEY_GEN", "CKM_AES_GCM",
            "CKM_EC_KEY_PAIR_GEN", "CKM_ECDSA");

    private final PrintStream out;
    private int failures;

    private Conformance(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        if (args.length > 1 || (args.length == 1 && args[0].startsWith("-"))) {
            System.out.println("usage: io.custos.hsm.Conformance [hsm.properties]  (custos.hsm.* keys, see docs/hsm.md)");
            System.exit(2);
        }
        Map<String, String> props = new HashMap<>();
        if (args.length == 1) {
            try (InputStream in = Files.newInputStream(Path.of(args[0]))) {
                Properties p = new Properties();
                p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
                p.stringPropertyNames().forEach(k -> props.put(k, p.getProperty(k)));
            } catch (IOException e) {
                System.out.println("cannot read " + args[0] + ": " + e.getMessage());
                System.exit(2);
            }
        }
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith(HsmSettings.PREFIX))
                .forEach(k -> props.put(k, System.getProperty(k)));
        System.exit(run(props, System.out));
    }

    /** Runs every check; returns the exit status (0 conformant, 1 not). */
    public static int run(Map<String, String> properties, PrintStream out) {
        return new Conformance(out).check(ProviderConfig.of("pkcs11", properties));
    }

    private int check(ProviderConfig config) {
        out.println("Custos PKCS#11 conformance check");
        out.println("configuration: " + config.describe(new Pkcs11RootKeyProviderFactory().properties()));
        HsmSettings settings;
        try {
            settings = HsmSettings.from(config);
        } catch (CryptoException e) {
            fail("configuration", e.getMessage());
            return verdict();
        }
        try (Pkcs11RootKeyProvider provider = Pkcs11RootKeyProvider.open(settings)) {
            pass("start", "logged in to token '" + settings.tokenLabel() + "' and found its keys");
            TokenConnection c = provider.connection();
            checkHandles(c);
            checkTokenAttributes(settings, c);
            checkNoExport(c);
            checkSealing(provider);
            checkSignature(provider);
            checkMechanisms(settings, c);
            if (provider.health().isUp()) {
                pass("health", provider.health().detail());
            } else {
                fail("health", provider.health().detail());
            }
        } catch (CryptoException e) {
            fail("start", e.getMessage());
        }
        return verdict();
    }

    private void checkHandles(TokenConnection c) {
        c.keyHandles().forEach((label, key) -> {
            if (TokenConnection.isProtectedHandle(key)) {
                pass("handle " + label, "the JVM holds a handle to a sensitive, unextractable token object; "
                        + "no encoding");
            } else {
                fail("handle " + label, "not a sensitive, unextractable token object: " + describe(key));
            }
        });
    }

    private void checkTokenAttributes(HsmSettings settings, TokenConnection c) {
        if (!Pkcs11Wrapper.readable()) {
            warn("token attributes", "not read (start the JVM with --add-opens "
                    + "jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED); the handle check above "
                    + "relies on the attributes SunPKCS11 read");
            return;
        }
        long slot = c.slot().slotId() >= 0 ? c.slot().slotId() : slotIdOf(settings, c.slot().index());
        c.keyHandles().forEach((label, key) -> {
            try {
                List<boolean[]> found = key instanceof SecretKey
                        ? Pkcs11Wrapper.booleanAttributes(settings.library(), slot, Pkcs11Wrapper.CKO_SECRET_KEY,
                        Pkcs11Wrapper.CKA_LABEL, label, ATTRIBUTES)
                        : Pkcs11Wrapper.booleanAttributes(settings.library(), slot, Pkcs11Wrapper.CKO_PRIVATE_KEY,
                        Pkcs11Wrapper.CKA_ID, label.getBytes(StandardCharsets.UTF_8), ATTRIBUTES);
                if (found.isEmpty()) {
                    warn("attributes " + label, "object not found by label/id (keys made outside Custos may use "
                            + "other ids)");
                } else if (found.stream().allMatch(a -> a[0] && a[1] && !a[2] && a[3] && a[4])) {
                    pass("attributes " + label, ATTRIBUTE_NAMES + " all as required");
                } else {
                    fail("attributes " + label, "expected " + ATTRIBUTE_NAMES + "; got " + show(found.get(0)));
                }
            } catch (ReflectiveOperationException e) {
                fail("attributes " + label, "cannot read: " + e.getClass().getSimpleName());
            }
        });
    }

    private long slotIdOf(HsmSettings settings, int index) {
        try {
            return Pkcs11Wrapper.slots(settings.library()).get(index).slotId();
        } catch (ReflectiveOperationException | IndexOutOfBoundsException e) {
            return -1;
        }
    }

    private void checkNoExport(TokenConnection c) {
        Provider p = c.provider();
        c.keyHandles().forEach((label, key) -> {
            try {
                if (key instanceof SecretKey sk) {
                    SecretKeyFactory.getInstance("AES", p).getKeySpec(sk, SecretKeySpec.class);
                } else {
                    KeyFactory.getInstance("EC", p).getKeySpec((PrivateKey) key, ECPrivateKeySpec.class);
                }
                fail("export " + label, "the token handed the key material to the JVM");
            } catch (java.security.GeneralSecurityException | RuntimeException e) {
                pass("export " + label, "refused by the token (" + e.getClass().getSimpleName() + ")");
            }
        });
    }

    private void checkSealing(Pkcs11RootKeyProvider provider) {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        KeyReference ref = new KeyReference(0xFFFF_FFFFL, 1);
        try (Secret key = Secret.wrapAndWipe(raw)) {
            SealedKey sealed = provider.seal(key, ref);
            try (Secret back = provider.unseal(sealed, ref)) {
                if (back.equals(key)) {
                    pass("seal/unseal", "AES-256-GCM in the token round-trips (" + sealed.rootKeyId() + ")");
                } else {
                    fail("seal/unseal", "unsealed key differs");
                }
            }
            expectRefused("unseal under another reference", () -> provider.unseal(sealed, new KeyReference(1, 1)));
            byte[] blob = sealed.blob();
            blob[blob.length - 1] ^= 1;
            expectRefused("unseal of a damaged blob", () -> provider.unseal(new SealedKey(sealed.rootKeyId(), blob), ref));
        } catch (CryptoException e) {
            fail("seal/unseal", e.getMessage());
        }
    }

    private interface Op {
        Secret call() throws CryptoException;
    }

    private void expectRefused(String what, Op op) {
        try (Secret s = op.call()) {
            fail(what, "was accepted");
        } catch (CryptoException e) {
            if (e.code() == ErrorCode.UNSEAL_FAILED) {
                pass(what, "refused (" + e.code().id() + ")");
            } else {
                fail(what, e.getMessage());
            }
        }
    }

    private void checkSignature(Pkcs11RootKeyProvider provider) {
        byte[] data = "custos conformance".getBytes(StandardCharsets.US_ASCII);
        try {
            byte[] sig = provider.sign(data);
            Signature v = Signature.getInstance(provider.signatureAlgorithm());
            v.initVerify(provider.signingPublicKey());
            v.update(data);
            if (v.verify(sig)) {
                pass("signature", provider.signatureAlgorithm() + " made in the token verifies with " + v.getProvider().getName());
            } else {
                fail("signature", "does not verify");
            }
        } catch (java.security.GeneralSecurityException e) {
            fail("signature", e.getMessage());
        }
    }

    private void checkMechanisms(HsmSettings settings, TokenConnection c) {
        if (Pkcs11Wrapper.readable()) {
            long slot = c.slot().slotId() >= 0 ? c.slot().slotId() : slotIdOf(settings, c.slot().index());
            try {
                Set<String> mechs = new TreeSet<>(Pkcs11Wrapper.mechanisms(settings.library(), slot));
                info("mechanisms", mechs.size() + ": " + String.join(", ", mechs));
                for (String m : REQUIRED_MECHANISMS) {
                    if (mechs.contains(m)) {
                        pass("mechanism " + m, "offered");
                    } else {
                        fail("mechanism " + m, "missing");
                    }
                }
                for (String weak : List.of("CKM_AES_KEY_WRAP", "CKM_AES_KEY_WRAP_PAD")) {
                    if (mechs.contains(weak)) {
                        info("mechanism " + weak, "offered (not used: SunPKCS11 cannot drive it on every JDK)");
                    }
                }
                return;
            } catch (ReflectiveOperationException e) {
                warn("mechanisms", "cannot list through the wrapper: " + e.getClass().getSimpleName());
            }
        }
        Set<String> services = new TreeSet<>();
        c.provider().getServices().forEach(s -> services.add(s.getType() + "." + s.getAlgorithm()));
        info("mechanisms", "as JCA services of SunPKCS11: " + String.join(", ", services));
    }

    private static String show(boolean[] a) {
        return "token=" + a[0] + " sensitive=" + a[1] + " extractable=" + a[2] + " alwaysSensitive=" + a[3]
                + " neverExtractable=" + a[4];
    }

    private static String describe(Key key) {
        return key.getClass().getSimpleName() + (key.getEncoded() == null ? "" : " with an encoding");
    }

    private void pass(String check, String detail) {
        out.println("PASS  " + check + ": " + detail);
    }

    private void fail(String check, String detail) {
        failures++;
        out.println("FAIL  " + check + ": " + detail);
    }

    private void warn(String check, String detail) {
        out.println("WARN  " + check + ": " + detail);
    }

    private void info(String check, String detail) {
        out.println("INFO  " + check + ": " + detail);
    }

    private int verdict() {
        if (failures == 0) {
            out.println("VERDICT: CONFORMANT");
            return 0;
        }
        out.println("VERDICT: NOT CONFORMANT (" + failures + " check" + (failures == 1 ? "" : "s") + " failed)");
        return 1;
    }
}
