package io.custos.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.custos.api.FieldProtector;
import io.custos.api.KeyReference;
import io.custos.api.ProtectionContext;
import io.custos.api.Secret;
import io.custos.crypto.software.SoftwareRootKeyProviderFactory;
import io.custos.spi.DataKey;
import io.custos.spi.ProviderConfig;
import io.custos.spi.RootKeyProvider;
import io.custos.spi.SealedKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives every failure path with recognisable secrets and asserts that neither the plaintext, the key
 * bytes nor the keystore password appears in any log line, exception message, cause or toString().
 */
class SecretLeakTest {
    private static final String PLAINTEXT = "PATIENT-SECRET-Zhang-Wei-HIV-positive";
    private static final String PASSWORD = "keystore-pw-Xq93-DO-NOT-LEAK";
    private static final String KEY_HEX = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90";

    @TempDir
    Path dir;

    @Test
    void failures_neverRevealPlaintextKeyOrPassword() throws Exception {
        List<String> seen = new ArrayList<>();
        try (LogCapture logs = new LogCapture()) {
            FixedKeySource keys = new FixedKeySource(KEY_HEX, new KeyReference(4, 1));
            CustosCrypto crypto = CustosCrypto.builder().keySource(keys).maxValueBytes(64).build();
            ProtectionContext ctx = ProtectionContext.builder().tenant("acme").table("PATIENT").column("DIAGNOSIS").rowId("9").build();
            for (FieldProtector p : List.of(crypto.randomized(), crypto.deterministic())) {
                byte[] ct = p.encrypt(PLAINTEXT.getBytes(StandardCharsets.UTF_8), ctx);
                String text = p.encryptText(PLAINTEXT, ctx);
                byte[] flipped = ct.clone();
                flipped[ct.length - 1] ^= 1;
                collect(seen, () -> p.decrypt(flipped, ctx));
                collect(seen, () -> p.decrypt(ct, ctx.withRowId("10")));
                collect(seen, () -> p.decrypt(ct, ctx.toBuilder().column("NAME").build()));
                collect(seen, () -> p.decryptText(text.substring(0, 30), ctx));
                collect(seen, () -> p.decryptText(PLAINTEXT, ctx));
                collect(seen, () -> p.encrypt((PLAINTEXT + PLAINTEXT).getBytes(StandardCharsets.UTF_8), ctx));
                collect(seen, () -> p.openText(PLAINTEXT, ctx, false));
                seen.add(p.openText(text, ctx, true).toString());
                seen.add(p.toString());
            }
            seen.add(keys.encryptionKey(null).toString());
            seen.add(ctx.toString());

            SoftwareRootKeyProviderFactory f = new SoftwareRootKeyProviderFactory();
            ProviderConfig config = new ProviderConfig("software", Map.of(
                    SoftwareRootKeyProviderFactory.PATH, dir.resolve("k.p12").toString(),
                    SoftwareRootKeyProviderFactory.PASSWORD, PASSWORD,
                    SoftwareRootKeyProviderFactory.CREATE, "true"), n -> null);
            seen.add(config.toString());
            seen.add(config.describe(f.properties()));
            f.init(config);
            seen.add(f.toString());
            try (RootKeyProvider root = f.create()) {
                Secret material = Secret.copyOf(HexFormat.of().parseHex(KEY_HEX));
                seen.add(material.toString());
                SealedKey sealed = root.seal(material, new KeyReference(4, 1));
                seen.add(sealed.toString());
                seen.add(root.toString());
                collect(seen, () -> root.unseal(sealed, new KeyReference(4, 2)));
                seen.add(new DataKey(new KeyReference(4, 1), material, 1).toString());
            }
            SoftwareRootKeyProviderFactory wrong = new SoftwareRootKeyProviderFactory();
            wrong.init(new ProviderConfig("software", Map.of(
                    SoftwareRootKeyProviderFactory.PATH, dir.resolve("k.p12").toString(),
                    SoftwareRootKeyProviderFactory.PASSWORD, PASSWORD + "-wrong"), n -> null));
            collect(seen, wrong::create);
            seen.addAll(logs.lines());
        }
        byte[] keyBytes = HexFormat.of().parseHex(KEY_HEX);
        List<String> forbidden = List.of(PLAINTEXT, "Zhang-Wei", PASSWORD, KEY_HEX, KEY_HEX.toUpperCase(),
                Base64.getEncoder().encodeToString(keyBytes), Base64.getUrlEncoder().withoutPadding().encodeToString(keyBytes));
        assertThat(seen).hasSizeGreaterThan(25);
        for (String line : seen) {
            for (String f : forbidden) {
                assertThat(line).as("leak check").doesNotContain(f);
            }
        }
    }

    private interface Call {
        Object run() throws Exception;
    }

    private static void collect(List<String> seen, Call call) {
        try {
            call.run();
            seen.add("no exception");
        } catch (Throwable t) {
            for (Throwable c = t; c != null; c = c.getCause()) {
                seen.add(c.toString());
                for (StackTraceElement e : c.getStackTrace()) {
                    seen.add(e.toString());
                }
                for (Throwable s : c.getSuppressed()) {
                    seen.add(s.toString());
                }
            }
        }
    }
}
