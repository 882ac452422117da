package io.custos.hsm;

import static org.assertj.core.api.Assertions.assertThat;

import io.custos.api.KeyReference;
import io.custos.api.Secret;
import io.custos.hsm.internal.Pkcs11RootKeyProvider;
import io.custos.hsm.internal.Pkcs11Wrapper;
import io.custos.spi.ProviderConfig;
import io.custos.spi.SealedKey;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Captures every log record and exception the provider produces and looks for the PIN and a data key. */
@ExtendWith(SoftHsm.class)
class SecretLeakTest {

    @Test
    void logsExceptionsAndToStrings_neverCarryThePinOrKeyMaterial() throws Exception {
        List<String> seen = new ArrayList<>();
        Logger log = Logger.getLogger("io.custos");
        Level old = log.getLevel();
        SimpleFormatter fmt = new SimpleFormatter();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord r) {
                seen.add(fmt.format(r));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(capture);
        log.setLevel(Level.ALL);
        byte[] raw = new byte[32];
        new java.security.SecureRandom().nextBytes(raw);
        Path pinFile = SoftHsm.home().resolve("leak.pin");
        Files.writeString(pinFile, SoftHsm.PIN + "\n");
        try (Secret key = Secret.copyOf(raw)) {
            Map<String, String> props = SoftHsm.properties(SoftHsm.FAULT_TOKEN);
            props.put(Pkcs11RootKeyProviderFactory.PIN, "file:" + pinFile);
            props.put(Pkcs11RootKeyProviderFactory.RECONNECT_INTERVAL, "0");
            Pkcs11RootKeyProviderFactory f = new Pkcs11RootKeyProviderFactory();
            ProviderConfig config = SoftHsm.config(props);
            f.init(config);
            seen.add(config.toString());
            seen.add(config.describe(f.properties()));
            try (Pkcs11RootKeyProvider p = (Pkcs11RootKeyProvider) f.create()) {
                seen.add(p.toString());
                seen.add(f.toString());
                SealedKey sealed = p.seal(key, new KeyReference(3, 1));
                seen.add(sealed.toString());
                capture(seen, () -> p.unseal(sealed, new KeyReference(3, 2)));
                // fault path: the library fails and the PIN file now holds a wrong PIN
                Files.writeString(pinFile, "0000-wrong\n");
                Pkcs11Wrapper.finalizeLibrary(SoftHsm.library());
                capture(seen, () -> p.seal(key, new KeyReference(3, 1)));
                capture(seen, () -> p.seal(key, new KeyReference(3, 1)));
                capture(seen, () -> p.unseal(sealed, new KeyReference(4, 1)));
                seen.add(p.health().toString());
                Files.writeString(pinFile, SoftHsm.PIN + "\n");
                try (Secret back = p.unseal(sealed, new KeyReference(3, 1))) {
                    seen.add(back.toString());
                }
            }
            capture(seen, () -> {
                Pkcs11RootKeyProviderFactory g = new Pkcs11RootKeyProviderFactory();
                g.init(SoftHsm.config(Map.of(Pkcs11RootKeyProviderFactory.LIBRARY, SoftHsm.library(),
                        Pkcs11RootKeyProviderFactory.TOKEN_LABEL, SoftHsm.TOKEN,
                        Pkcs11RootKeyProviderFactory.PIN, SoftHsm.PIN)));
                return null;
            });
        } finally {
            log.removeHandler(capture);
            log.setLevel(old);
        }
        String all = String.join("\n", seen);
        assertThat(all).contains("CUSTOS-4103").contains("CUSTOS-4003").contains("CUSTOS-1002");
        assertThat(all).doesNotContain(SoftHsm.PIN).doesNotContain("0000-wrong")
                .doesNotContain(HexFormat.of().formatHex(raw)).doesNotContain(HexFormat.of().withUpperCase().formatHex(raw))
                .doesNotContain(Base64.getEncoder().encodeToString(raw));
    }

    private static void capture(List<String> seen, java.util.concurrent.Callable<?> op) {
        try {
            op.call();
            seen.add("no error");
        } catch (Exception e) {
            StringWriter w = new StringWriter();
            e.printStackTrace(new PrintWriter(w));
            seen.add(w.toString());
        }
    }
}
