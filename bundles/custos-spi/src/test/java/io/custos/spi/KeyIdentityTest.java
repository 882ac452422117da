package io.custos.spi;

import static org.assertj.core.api.Assertions.assertThat;

import io.custos.api.DataClass;
import io.custos.api.KeyReference;
import io.custos.api.ProtectionContext;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** KeyScope and KeyReference are map keys on every value: their written-out equality must be record equality. */
class KeyIdentityTest {

    @Test
    void keyScope_equalOnlyWhenEveryComponentIs_andHashesAlike() {
        KeyScope scope = new KeyScope("acme", DataClass.PATIENT_CLINICAL, null, KeyUsage.FIELD_ENCRYPTION);
        KeyScope same = new KeyScope(new String("acme"), DataClass.PATIENT_CLINICAL, null, KeyUsage.FIELD_ENCRYPTION);
        assertThat(same).isEqualTo(scope).hasSameHashCodeAs(scope);
        List<KeyScope> others = List.of(
                new KeyScope("other", DataClass.PATIENT_CLINICAL, null, KeyUsage.FIELD_ENCRYPTION),
                new KeyScope("acme", DataClass.CUSTOMER, null, KeyUsage.FIELD_ENCRYPTION),
                new KeyScope("acme", DataClass.PATIENT_CLINICAL, "P-17", KeyUsage.FIELD_ENCRYPTION),
                new KeyScope("acme", DataClass.PATIENT_CLINICAL, null, KeyUsage.BLIND_INDEX));
        for (KeyScope other : others) {
            assertThat(other).isNotEqualTo(scope);
            assertThat(scope).isNotEqualTo(other);
        }
        Set<KeyScope> set = new HashSet<>(others);
        set.add(scope);
        assertThat(set).hasSize(5).contains(same);
        assertThat(new KeyScope("acme", DataClass.PATIENT_CLINICAL, "P-17", KeyUsage.FIELD_ENCRYPTION))
                .isEqualTo(new KeyScope("acme", DataClass.PATIENT_CLINICAL, new String("P-17"), KeyUsage.FIELD_ENCRYPTION));
        assertThat(scope).isNotEqualTo(null).isNotEqualTo("acme");
    }

    @Test
    void keyScope_ofContext_takesTenantClassAndSubject() {
        ProtectionContext ctx = ProtectionContext.builder().tenant("acme").table("t").column("c")
                .dataClass(DataClass.CUSTOMER).subject("S-1").build();
        assertThat(KeyScope.of(ctx, KeyUsage.PSEUDONYM))
                .isEqualTo(new KeyScope("acme", DataClass.CUSTOMER, "S-1", KeyUsage.PSEUDONYM));
    }

    @Test
    void keyReference_equalOnlyForTheSameIdAndVersion_andHashesAlike() {
        KeyReference ref = new KeyReference(7, 3);
        assertThat(new KeyReference(7, 3)).isEqualTo(ref).hasSameHashCodeAs(ref);
        assertThat(new KeyReference(7, 4)).isNotEqualTo(ref);
        assertThat(new KeyReference(8, 3)).isNotEqualTo(ref);
        assertThat(new KeyReference(3, 7)).isNotEqualTo(ref);
        assertThat(ref).isNotEqualTo(null).isNotEqualTo("key 7 v3");
        assertThat(new HashSet<>(List.of(new KeyReference(1, 2), new KeyReference(2, 1), new KeyReference(1, 2))))
                .hasSize(2);
    }
}
