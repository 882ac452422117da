package io.custos.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.custos.api.BlindIndexer;
import io.custos.api.DataClass;
import io.custos.api.KeyReference;
import io.custos.api.ProtectionContext;
import io.custos.api.Pseudonymizer;
import io.custos.crypto.keys.InMemoryKeySource;
import io.custos.spi.KeyScope;
import io.custos.spi.KeyUsage;
import org.junit.jupiter.api.Test;

class SearchAndPseudonymTest {
    private final InMemoryKeySource keys = new InMemoryKeySource();
    private final CustosCrypto crypto = CustosCrypto.builder().keySource(keys).build();
    private final ProtectionContext email = ProtectionContext.builder().tenant("acme").table("CUSTOMER").column("EMAIL")
            .rowId("1").dataClass(DataClass.CUSTOMER).build();

    @Test
    void blindIndex_equalValuesAnyRow_equalIndex() throws Exception {
        BlindIndexer idx = crypto.blindIndexer(64);
        assertThat(idx.index("li.wei@example.com", email)).isEqualTo(idx.index("li.wei@example.com", email.withRowId("2")));
        assertThat(idx.index("li.wei@example.com", email)).isNotEqualTo(idx.index("li.wei@example.cn", email));
    }

    @Test
    void blindIndex_otherColumnOrTenant_otherIndex() throws Exception {
        BlindIndexer idx = crypto.blindIndexer(64);
        String a = idx.index("x", email);
        String b = idx.index("x", email.toBuilder().column("BILLING_EMAIL").build());
        String c = idx.index("x", email.toBuilder().tenant("globex").build());
        assertThat(a.substring(a.indexOf('.'))).isNotEqualTo(b.substring(b.indexOf('.'))).isNotEqualTo(c.substring(c.indexOf('.')));
    }

    @Test
    void blindIndex_truncation_keepsConfiguredBits() throws Exception {
        String i16 = crypto.blindIndexer(16).index("x", email);
        String i256 = crypto.blindIndexer(256).index("x", email);
        assertThat(i16.substring(i16.indexOf('.') + 1)).hasSize(3);   // 2 bytes in base64url
        assertThat(i256.substring(i256.indexOf('.') + 1)).hasSize(43); // 32 bytes
        assertThat(i256.substring(i256.indexOf('.') + 1)).startsWith(i16.substring(i16.indexOf('.') + 1, i16.indexOf('.') + 3));
    }

    @Test
    void blindIndex_carriesKeyVersion_andChangesWithRotation() throws Exception {
        BlindIndexer idx = crypto.blindIndexer(32);
        String before = idx.index("x", email);
        KeyReference ref = keys.rotate(new KeyScope("acme", DataClass.CUSTOMER, null, KeyUsage.BLIND_INDEX));
        String after = idx.index("x", email);
        assertThat(before).startsWith("b" + ref.keyId() + "v1.");
        assertThat(after).startsWith("b" + ref.keyId() + "v2.").isNotEqualTo(before);
    }

    @Test
    void pseudonym_twoSystemsSharingTheKey_reconcile() throws Exception {
        String sharedKey = "5f".repeat(32);
        Pseudonymizer erp = CustosCrypto.builder().keySource(new FixedKeySource(sharedKey, new KeyReference(3, 1))).build().pseudonymizer();
        Pseudonymizer lims = CustosCrypto.builder().keySource(new FixedKeySource(sharedKey, new KeyReference(99, 4))).build().pseudonymizer();
        String t1 = erp.token("PAT-000417", email, "trial-reconciliation");
        assertThat(t1).isEqualTo(lims.token("PAT-000417", email, "trial-reconciliation"));
        assertThat(t1).matches("ps_[a-z2-7]{26}");
        Pseudonymizer outsider = CustosCrypto.builder().keySource(new FixedKeySource("60".repeat(32), new KeyReference(3, 1))).build().pseudonymizer();
        assertThat(outsider.token("PAT-000417", email, "trial-reconciliation")).isNotEqualTo(t1);
    }

    @Test
    void pseudonym_otherPurposeOrValue_unlinkable() throws Exception {
        Pseudonymizer p = crypto.pseudonymizer();
        String t = p.token("PAT-000417", email, "finance");
        assertThat(p.token("PAT-000417", email, "finance")).isEqualTo(t);
        assertThat(p.token("PAT-000417", email, "clinical-report")).isNotEqualTo(t);
        assertThat(p.token("PAT-000418", email, "finance")).isNotEqualTo(t);
        assertThat(p.token("PAT-000417", email.toBuilder().tenant("globex").build(), "finance")).isNotEqualTo(t);
    }

    @Test
    void pseudonym_unicodeNormalisation_makesCanonicallyEqualValuesEqual() throws Exception {
        Pseudonymizer p = crypto.pseudonymizer();
        assertThat(p.token("Mu\u0308ller", email, "export")).isEqualTo(p.token("M\u00fcller", email, "export"));
    }
}
