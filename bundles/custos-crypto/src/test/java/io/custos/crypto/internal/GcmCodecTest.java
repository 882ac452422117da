package io.custos.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custos.api.KeyReference;
import io.custos.api.ProtectionContext;
import io.custos.api.Secret;
import io.custos.spi.DataKey;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import org.junit.jupiter.api.Test;

/** The text fast path: decrypted into a per-thread buffer that is wiped after every value. */
class GcmCodecTest {
    private final GcmCodec codec = new GcmCodec();
    private final DataKey key = new DataKey(new KeyReference(7, 1), Secret.wrapAndWipe(new byte[32]), 100);
    private final ProtectionContext row = ProtectionContext.of("acme", "patient", "name").withRowId("42");

    @Test
    void decryptText_returnsTheTextAndWipesTheBuffer() throws Exception {
        String value = "\u674e\u4f1f, M\u00fcller ".repeat(40); // longer than the initial buffer: it grows
        byte[] ct = codec.encrypt(key, value.getBytes(StandardCharsets.UTF_8), row);
        assertThat(codec.decryptText(key, ct, row)).isEqualTo(value);
        assertThat(plaintextBuffer()).containsOnly((byte) 0);
        assertThat(plaintextBuffer().length).isGreaterThanOrEqualTo(value.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void decryptText_tamperedOrMoved_failsAndLeavesNothingInTheBuffer() throws Exception {
        byte[] ct = codec.encrypt(key, "Type 2 diabetes".getBytes(StandardCharsets.UTF_8), row);
        byte[] flipped = ct.clone();
        flipped[flipped.length - 20] ^= 1;
        assertThatThrownBy(() -> codec.decryptText(key, flipped, row)).isInstanceOf(GeneralSecurityException.class);
        assertThat(plaintextBuffer()).containsOnly((byte) 0);
        assertThatThrownBy(() -> codec.decryptText(key, ct, row.withRowId("43")))
                .isInstanceOf(GeneralSecurityException.class);
        assertThat(plaintextBuffer()).containsOnly((byte) 0);
        assertThat(codec.decryptText(key, ct, row)).isEqualTo("Type 2 diabetes");
    }

    @Test
    void decryptText_largeValue_takesTheAllocatingPath_andNoThreadKeepsALargeBuffer() throws Exception {
        String large = "0123456789abcdef".repeat(GcmCodec.MAX_BUFFERED / 16 * 3);
        byte[] ct = codec.encrypt(key, large.getBytes(StandardCharsets.UTF_8), row);
        assertThat(codec.decryptText(key, ct, row)).isEqualTo(large);
        assertThat(plaintextBuffer().length).isLessThanOrEqualTo(GcmCodec.MAX_BUFFERED);
        String text = io.custos.crypto.CiphertextFormat.toText(ct);
        assertThat(io.custos.crypto.CiphertextFormat.fromText(text, "X")).isEqualTo(ct);
        assertThat(text).startsWith(io.custos.crypto.CiphertextFormat.TEXT_PREFIX);
    }

    private static byte[] plaintextBuffer() throws ReflectiveOperationException {
        Field state = GcmCodec.class.getDeclaredField("STATE");
        state.setAccessible(true);
        Field slot = GcmCodec.class.getDeclaredField("PLAINTEXT");
        slot.setAccessible(true);
        Object[] perThread = (Object[]) ((ThreadLocal<?>) state.get(null)).get();
        return (byte[]) perThread[slot.getInt(null)];
    }
}
