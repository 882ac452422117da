package io.custos.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.custos.api.FieldProtector;
import io.custos.api.ProtectionContext;
import io.custos.api.error.CryptoException;
import io.custos.crypto.keys.InMemoryKeySource;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random and half-valid inputs: whatever arrives from a column, the engine answers with a numbered
 * {@link CryptoException} — never another exception type, never a value.
 */
class RandomInputTest {
    private final InMemoryKeySource keys = new InMemoryKeySource();
    private final FieldProtector p = CustosCrypto.builder().keySource(keys).maxValueBytes(4096).build().randomized();
    private final ProtectionContext ctx = ProtectionContext.builder().tenant("acme").table("T").column("C").rowId("1").build();

    @Test
    void decrypt_randomBytesAndForgedHeaders_onlyNumberedErrors() throws Exception {
        byte[] valid = p.encrypt("seed".getBytes(), ctx);
        Random random = new Random(20261130);
        for (int i = 0; i < 20_000; i++) {
            byte[] input = new byte[random.nextInt(120)];
            random.nextBytes(input);
            switch (i % 4) {
                case 1 -> copyHeader(valid, input, 3);          // magic, version, algorithm valid
                case 2 -> copyHeader(valid, input, 15);         // whole header valid, body random
                case 3 -> copyHeader(valid, input, 11);         // right key, wrong context check
                default -> { }
            }
            Throwable t = catchThrowable(() -> p.decrypt(input, ctx));
            assertThat(t).as("input %d", i).isInstanceOf(CryptoException.class);
            assertThat(t.getMessage()).startsWith("CUSTOS-");
        }
    }

    @Test
    void openText_randomStrings_legacyOrNumberedError() throws Exception {
        Random random = new Random(7);
        for (int i = 0; i < 5_000; i++) {
            byte[] raw = new byte[random.nextInt(80)];
            random.nextBytes(raw);
            String text = i % 2 == 0
                    ? CiphertextFormat.TEXT_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(raw)
                    : new String(raw, java.nio.charset.StandardCharsets.ISO_8859_1);
            Throwable t = catchThrowable(() -> p.openText(text, ctx, true));
            if (text.startsWith(CiphertextFormat.TEXT_PREFIX)) {
                assertThat(t).as("input %d", i).isInstanceOf(CryptoException.class);
            } else {
                assertThat(t).as("input %d", i).isNull();
            }
        }
    }

    private static void copyHeader(byte[] from, byte[] to, int length) {
        System.arraycopy(from, 0, to, 0, Math.min(length, to.length));
    }
}
