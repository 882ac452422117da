package io.custos.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.custos.api.BlindIndexer;
import io.custos.api.DataClass;
import io.custos.api.FieldProtector;
import io.custos.api.KeyReference;
import io.custos.api.ProtectionContext;
import io.custos.crypto.keys.InMemoryKeySource;
import io.custos.spi.KeyScope;
import io.custos.spi.KeyUsage;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Equality search terms and blind indexes under every version a rotation left decryptable. */
class SearchAcrossVersionsTest {
    private final InMemoryKeySource keys = new InMemoryKeySource();
    private final CustosCrypto crypto = CustosCrypto.builder().keySource(keys).build();
    private final FieldProtector det = crypto.deterministic();
    private final ProtectionContext column = ProtectionContext.builder().tenant("acme").table("PATIENT")
            .column("NATIONAL_ID").dataClass(DataClass.PATIENT_CLINICAL).build();
    private final KeyScope fieldScope = KeyScope.of(column, KeyUsage.FIELD_ENCRYPTION);

    @Test
    void equalityTerms_singleVersion_isTheCurrentCiphertextOnly() throws Exception {
        String stored = det.encryptText("110105", column);
        assertThat(det.equalityTermsText("110105", column)).containsExactly(stored);
        assertThat(keys.decryptableVersions(fieldScope)).hasSize(1);
    }

    @Test
    void equalityTerms_afterRotation_matchValuesUnderEveryVersionCurrentFirst() throws Exception {
        String underV1 = det.encryptText("110105", column);
        KeyReference v2 = keys.rotate(fieldScope);
        String underV2 = det.encryptText("110105", column);
        keys.rotate(fieldScope);
        String underV3 = det.encryptText("110105", column);
        assertThat(det.equalityTermsText("110105", column)).containsExactly(underV3, underV2, underV1);
        assertThat(det.currentKey(column)).contains(v2.next());
        List<byte[]> binary = det.equalityTerms("110105".getBytes(StandardCharsets.UTF_8), column);
        assertThat(binary).hasSize(3);
        assertThat(CiphertextFormat.keyOf(binary.get(0))).isEqualTo(v2.next());
        assertThat(det.decryptText(underV1, column)).isEqualTo("110105");
    }

    @Test
    void equalityTerms_destroyedVersion_isSkippedWithoutError() throws Exception {
        String underV1 = det.encryptText("110105", column);
        KeyReference v1 = CiphertextFormat.keyOf(CiphertextFormat.fromText(underV1, "x"));
        keys.rotate(fieldScope);
        keys.destroy(v1);
        List<String> terms = det.equalityTermsText("110105", column);
        assertThat(terms).hasSize(1).doesNotContain(underV1);
    }

    @Test
    void randomized_equalityTerms_isOneFreshCiphertext() throws Exception {
        keys.rotate(fieldScope);
        assertThat(crypto.randomized().equalityTermsText("x", column)).hasSize(1);
    }

    @Test
    void blindIndexes_afterIndexKeyRotation_includeTheOldIndex() throws Exception {
        BlindIndexer idx = crypto.blindIndexer(32);
        String before = idx.index("Li Wei", column);
        assertThat(idx.indexes("Li Wei", column)).containsExactly(before);
        KeyScope indexScope = new KeyScope("acme", DataClass.PATIENT_CLINICAL, null, KeyUsage.BLIND_INDEX);
        KeyReference v2 = keys.rotate(indexScope);
        String after = idx.index("Li Wei", column);
        assertThat(idx.indexes("Li Wei", column)).containsExactly(after, before);
        keys.destroy(new KeyReference(v2.keyId(), 1));
        assertThat(idx.indexes("Li Wei", column)).containsExactly(after);
    }
}
