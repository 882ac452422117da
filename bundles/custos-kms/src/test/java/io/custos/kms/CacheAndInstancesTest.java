package io.custos.kms;

import static io.custos.kms.DestructionTest.patient;
import static io.custos.kms.DestructionTest.shred;
import static io.custos.kms.testing.Fixture.CUSTODIAN;
import static io.custos.kms.testing.Fixture.OFFICER1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custos.api.DataClass;
import io.custos.api.FieldProtector;
import io.custos.api.KeyReference;
import io.custos.api.ProtectionContext;
import io.custos.api.error.KeyShreddedException;
import io.custos.api.error.KeyStateException;
import io.custos.crypto.CustosCrypto;
import io.custos.kms.testing.Backend;
import io.custos.kms.testing.Fixture;
import io.custos.spi.DataKey;
import io.custos.spi.DataKeySource;
import io.custos.spi.KeyScope;
import io.custos.spi.KeyUsage;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CacheAndInstancesTest {
    static final KeyScope BATCHES = new KeyScope("plant-1", DataClass.PRODUCTION_BATCH, null, KeyUsage.FIELD_ENCRYPTION);
    static final Duration POLL = Duration.ofMillis(300);

    @ParameterizedTest
    @EnumSource(Backend.class)
    void cache_servesUntilMaxUses_thenUnsealsAgain(Backend backend) throws Exception {
        try (Fixture f = Fixture.open(backend)) {
            CustosKms kms = f.kms(b -> b.cacheMaxUses(3).cacheTtl(Duration.ofMinutes(10)));
            DataKey first = kms.encryptionKey(BATCHES);
            int loads = f.audit.action("load-encryption-key").size();
            assertThat(kms.encryptionKey(BATCHES)).isSameAs(first);
            assertThat(kms.encryptionKey(BATCHES)).isSameAs(first);
            assertThat(kms.encryptionKey(BATCHES)).isSameAs(first);
            assertThat(f.audit.action("load-encryption-key")).hasSize(loads);
            DataKey reloaded = kms.encryptionKey(BATCHES);
            assertThat(reloaded).isNotSameAs(first);
            assertThat(reloaded.material()).isEqualTo(first.material());
            assertThat(f.audit.action("load-encryption-key")).hasSize(loads + 1);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void cache_afterTtl_unsealsAgain(Backend backend) throws Exception {
        try (Fixture f = Fixture.open(backend)) {
            CustosKms kms = f.kms(b -> b.cacheTtl(Duration.ofMillis(200)));
            DataKey first = kms.encryptionKey(BATCHES);
            KeyReference ref = first.reference();
            DataKey decrypting = kms.decryptionKey(ref);
            int loads = f.audit.action("load-encryption-key").size();
            Thread.sleep(400);
            assertThat(kms.encryptionKey(BATCHES)).isNotSameAs(first);
            assertThat(kms.decryptionKey(ref)).isNotSameAs(decrypting);
            assertThat(f.audit.action("load-encryption-key")).hasSize(loads + 1);
            assertThat(f.root.unseals.get()).as("the KEK expired too").isGreaterThanOrEqualTo(2);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void warmCache_touchesRootKeyOncePerKek_notPerOperation(Backend backend) throws Exception {
        try (Fixture f = Fixture.open(backend)) {
            CustosKms kms = f.kms();
            FieldProtector p = CustosCrypto.builder().keySource(kms).build().randomized();
            ProtectionContext ctx = ProtectionContext.builder().tenant("plant-1").table("batch").column("lot")
                    .dataClass(DataClass.PRODUCTION_BATCH).build();
            for (int i = 0; i < 1000; i++) {
                p.decryptText(p.encryptText("lot " + i, ctx), ctx);
            }
            assertThat(f.root.seals.get()).isEqualTo(1);
            assertThat(f.root.unseals.get()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void localRevocation_invalidatesCacheAtOnce(Backend backend) throws Exception {
        try (Fixture f = Fixture.open(backend)) {
            CustosKms kms = f.kms();
            KeyReference v1 = kms.encryptionKey(BATCHES).reference();
            kms.markCompromised(OFFICER1, v1);
            assertThat(kms.encryptionKey(BATCHES).reference().version()).isEqualTo(2);
            kms.deactivate(CUSTODIAN, new KeyReference(v1.keyId(), 2));
            assertThatThrownBy(() -> kms.encryptionKey(BATCHES)).isInstanceOf(KeyStateException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void twoInstancesOnOneStore_revocationOnOneReachesOtherWithinPollInterval(Backend backend) throws Exception {
        try (Fixture f = Fixture.open(backend)) {
            CustosKms a = f.kms(b -> b.revocationPollInterval(POLL));
            CustosKms b = f.kms(b2 -> b2.revocationPollInterval(POLL));
            FieldProtector pa = CustosCrypto.builder().keySource(a).build().randomized();
            ProtectionContext alice = patient("hospital-a", "patient-001");
            String record = pa.encryptText("allergy: penicillin", alice);
            assertThat(pa.decryptText(record, alice)).isEqualTo("allergy: penicillin");
            KeyReference batchV1 = a.encryptionKey(BATCHES).reference();
            IssuedGrant grant = a.issueGrant(CUSTODIAN, "plant-1", DataClass.PRODUCTION_BATCH, "line-4", Duration.ofHours(1));
            DataKeySource device = a.grantKeySource(grant.token());
            device.encryptionKey(BATCHES);

            shred(f, b, DestructionTarget.subject("hospital-a", "patient-001"));
            b.rotate(CUSTODIAN, batchV1.keyId());
            b.revokeGrant(OFFICER1, grant.grant().grantId());

            Thread.sleep(POLL.toMillis() + 200);
            assertThatThrownBy(() -> pa.decryptText(record, alice)).isInstanceOf(KeyShreddedException.class);
            assertThat(a.encryptionKey(BATCHES).reference().version()).isEqualTo(2);
            assertThatThrownBy(() -> device.encryptionKey(BATCHES)).isInstanceOf(GrantRejectedException.class)
                    .hasMessageContaining("revoked");
        }
    }
}
