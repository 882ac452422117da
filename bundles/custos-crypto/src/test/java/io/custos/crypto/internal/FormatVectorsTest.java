package io.custos.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.custos.api.KeyReference;
import io.custos.api.ProtectionContext;
import io.custos.api.Secret;
import io.custos.crypto.CiphertextFormat;
import io.custos.spi.DataKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Reads the test vectors from docs/ciphertext-format.md, so the spec and the code cannot drift apart. */
class FormatVectorsTest {
    private static final HexFormat HEX = HexFormat.of();

    static Stream<Map<String, String>> vectors() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("../../docs/ciphertext-format.md"), StandardCharsets.UTF_8);
        List<Map<String, String>> out = new ArrayList<>();
        Map<String, String> current = null;
        for (String line : lines) {
            if (line.equals("```vector")) {
                current = new LinkedHashMap<>();
            } else if (line.equals("```") && current != null) {
                out.add(current);
                current = null;
            } else if (current != null) {
                int colon = line.indexOf(':');
                current.put(line.substring(0, colon), line.substring(colon + 1).strip());
            }
        }
        assertThat(out).hasSizeGreaterThanOrEqualTo(4);
        return out.stream();
    }

    @ParameterizedTest
    @MethodSource("vectors")
    void vector_encryptsAndDecryptsByteForByte(Map<String, String> v) throws Exception {
        DataKey key = new DataKey(new KeyReference(Long.parseLong(v.get("key-id")), Long.parseLong(v.get("key-version"))),
                Secret.wrapAndWipe(HEX.parseHex(v.get("key"))), 10);
        ProtectionContext.Builder b = ProtectionContext.builder().tenant(v.get("tenant")).table(v.get("table")).column(v.get("column"));
        if (!v.get("row").isEmpty()) {
            b.rowId(v.get("row"));
        }
        ProtectionContext ctx = b.build();
        byte[] plaintext = v.get("plaintext").getBytes(StandardCharsets.UTF_8);
        byte[] expected = HEX.parseHex(v.get("binary"));
        boolean randomized = !v.get("nonce").isEmpty();

        assertThat(HEX.formatHex(ctx.associatedData(randomized))).isEqualTo(v.get("context"));
        byte[] actual = randomized
                ? new GcmCodec().encrypt(key, plaintext, ctx, HEX.parseHex(v.get("nonce")))
                : new SivCodec().encrypt(key, plaintext, ctx);
        assertThat(HEX.formatHex(actual)).isEqualTo(v.get("binary"));
        assertThat(CiphertextFormat.toText(actual)).isEqualTo(v.get("text"));
        assertThat(CiphertextFormat.fromText(v.get("text"), "t")).isEqualTo(expected);

        CiphertextFormat.Header header = CiphertextFormat.parseHeader(expected, "t");
        assertThat(header.key()).isEqualTo(key.reference());
        assertThat(header.contextCheck()).isEqualTo(ctx.contextCheck(randomized));
        Codec codec = randomized ? new GcmCodec() : new SivCodec();
        assertThat(codec.decrypt(key, expected, ctx)).isEqualTo(plaintext);
    }
}
