package io.custos.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custos.api.KeyReference;
import io.custos.api.ProtectionContext;
import io.custos.api.Secret;
import io.custos.api.error.KeyStateException;
import io.custos.crypto.keys.InMemoryKeySource;
import io.custos.spi.DataKey;
import io.custos.spi.DataKeySource;
import io.custos.spi.KeyScope;
import org.junit.jupiter.api.Test;

class BudgetTest {
    private final ProtectionContext ctx = ProtectionContext.of("acme", "PATIENT", "NAME");

    @Test
    void encrypt_budgetSpent_sourceRotatesAndOldValuesStillDecrypt() throws Exception {
        CustosCrypto crypto = CustosCrypto.builder().keySource(new InMemoryKeySource(3)).build();
        byte[][] cts = new byte[7][];
        for (int i = 0; i < cts.length; i++) {
            cts[i] = crypto.randomized().encrypt(new byte[] {(byte) i}, ctx);
        }
        assertThat(CiphertextFormat.keyOf(cts[0]).version()).isEqualTo(1);
        assertThat(CiphertextFormat.keyOf(cts[3]).version()).isEqualTo(2);
        assertThat(CiphertextFormat.keyOf(cts[6]).version()).isEqualTo(3);
        for (int i = 0; i < cts.length; i++) {
            assertThat(crypto.randomized().decrypt(cts[i], ctx)).containsExactly((byte) i);
        }
    }

    @Test
    void encrypt_budgetSpentAndSourceCannotRotate_failsClosed() throws Exception {
        DataKey only = new DataKey(new KeyReference(1, 1), Secret.wrapAndWipe(new byte[32]), 2);
        DataKeySource stuck = new DataKeySource() {
            @Override
            public DataKey encryptionKey(KeyScope scope) {
                return only;
            }

            @Override
            public DataKey decryptionKey(KeyReference ref) {
                return only;
            }

            @Override
            public void budgetSpent(DataKey key) {
            }
        };
        CustosCrypto crypto = CustosCrypto.builder().keySource(stuck).build();
        crypto.randomized().encrypt(new byte[1], ctx);
        crypto.randomized().encrypt(new byte[1], ctx);
        assertThatThrownBy(() -> crypto.randomized().encrypt(new byte[1], ctx))
                .isInstanceOf(KeyStateException.class)
                .hasMessage("CUSTOS-3004 key 1 v1 reached its limit of 2 encryptions; rotate the key");
        // deterministic encryption has no nonce and no such budget
        assertThat(crypto.deterministic().encrypt(new byte[1], ctx)).isNotEmpty();
    }
}
