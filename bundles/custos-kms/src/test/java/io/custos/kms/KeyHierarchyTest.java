package io.custos.kms;

import static io.custos.kms.testing.Fixture.CUSTODIAN;
import static io.custos.kms.testing.Fixture.days;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custos.api.DataClass;
import io.custos.api.KeyReference;
import io.custos.api.ProtectionContext;
import io.custos.api.error.ConfigurationException;
import io.custos.api.error.ErrorCode;
import io.custos.crypto.CustosCrypto;
import io.custos.kms.testing.Backend;
import io.custos.kms.testing.Fixture;
import io.custos.spi.DataKey;
import io.custos.spi.KeyScope;
import io.custos.spi.KeyUsage;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class KeyHierarchyTest {
    static final KeyScope PATIENTS = new KeyScope("hospital-a", DataClass.PATIENT_CLINICAL, null, KeyUsage.FIELD_ENCRYPTION);
    static final ProtectionContext NAME = ProtectionContext.builder().tenant("hospital-a").table("patient").column("name")
            .dataClass(DataClass.PATIENT_CLINICAL).build();

    @ParameterizedTest
    @EnumSource(Backend.class)
    void encryptionKey_newScope_createsSealedKeyUnderPartitionKek(Backend backend) throws Exception {
        try (Fixture f = Fixture.open(backend)) {
            CustosKms kms = f.kms();
            DataKey key = kms.encryptionKey(PATIENTS);

            assertThat(key.reference().version()).isEqualTo(1);
            assertThat(key.reference().keyId()).isBetween(1L, KeyReference.MAX);
            List<Map<String, Object>> keys = f.rows("SELECT key_id, key_usage FROM ${s}kms_key ORDER BY key_id");
            assertThat(keys).extracting(r -> r.get("key_usage")).containsExactly("KEK", "FIELD_ENCRYPTION");
            Map<String, Object> dataRow = f.rows("SELECT * FROM ${s}kms_key_version WHERE key_id = ?",
                    key.reference().keyId()).get(0);
            assertThat(dataRow.get("kek_id")).isEqualTo(keys.get(0).get("key_id"));
            assertThat(dataRow.get("key_state")).isEqualTo("ACTIVE");
            String material = HexFormat.of().formatHex(key.material().bytes());
            String stored = HexFormat.of().formatHex((byte[]) dataRow.get("sealed"));
            assertThat(stored).doesNotContain(material).hasSizeGreaterThan(material.length());
            Map<String, Object> kekRow = f.rows("SELECT * FROM ${s}kms_key_version WHERE key_id = ?",
                    keys.get(0).get("key_id")).get(0);
            assertThat(kekRow.get("sealed_by")).isEqualTo("test:root-1");
            assertThat(f.root.seals.get()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void decryptionKey_afterCacheDropped_unsealsSameMaterial(Backend backend) throws Exception {
        try (Fixture f = Fixture.open(backend)) {
            CustosKms kms = f.kms();
            DataKey key = kms.encryptionKey(PATIENTS);
            kms.close();
            DataKey again = f.kms().decryptionKey(key.reference());
            assertThat(again.material()).isEqualTo(key.material());
            assertThat(again.encryptionBudget()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void rotate_withRealEngine_newVersionEncryptsAndOldKeepsDecrypting(Backend backend) throws Exception {
        try (Fixture f = Fixture.open(backend)) {
            CustosKms kms = f.kms();
            var protector = CustosCrypto.builder().keySource(kms).build().randomized();
            byte[] v1 = protector.encrypt("Li Wei".getBytes(StandardCharsets.UTF_8), NAME);
            long keyId = kms.encryptionKey(PATIENTS).reference().keyId();

            KeyInfo rotated = kms.rotate(CUSTODIAN, keyId);
            byte[] v2 = protector.encrypt("Zhang San".getBytes(StandardCharsets.UTF_8), NAME);

            assertThat(rotated.currentVersion()).isEqualTo(2);
            assertThat(rotated.version(1).state()).isEqualTo(KeyState.DEACTIVATED);
            assertThat(rotated.version(1).deactivatedAt()).isEqualTo(f.clock.instant());
            assertThat(protector.decryptText(protector.encryptText("x", NAME), NAME)).isEqualTo("x");
            var opened1 = CustosCrypto.builder().keySource(f.kms()).build().randomized().decrypt(v1, NAME);
            assertThat(new String(protector.decrypt(v1, NAME), StandardCharsets.UTF_8)).isEqualTo("Li Wei");
            assertThat(new String(protector.decrypt(v2, NAME), StandardCharsets.UTF_8)).isEqualTo("Zhang San");
            assertThat(new String(opened1, StandardCharsets.UTF_8)).isEqualTo("Li Wei");
            assertThat(kms.encryptionKey(PATIENTS).reference()).isEqualTo(new KeyReference(keyId, 2));
            assertThat(f.audit.action("rotate")).singleElement().satisfies(e -> {
                assertThat(e.actor()).isEqualTo("carol");
                assertThat(e.key()).isEqualTo(new KeyReference(keyId, 2));
                assertThat(e.outcome()).isEqualTo(io.custos.spi.AuditEvent.Outcome.SUCCESS);
            });
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void rotateKeyEncryptionKey_resealsDataKeysWithoutChangingThem(Backend backend) throws Exception {
        try (Fixture f = Fixture.open(backend)) {
            CustosKms kms = f.kms();
            var protector = CustosCrypto.builder().keySource(kms).build().randomized();
            byte[] before = protector.encrypt("batch 42".getBytes(StandardCharsets.UTF_8), NAME);
            long keyId = kms.encryptionKey(PATIENTS).reference().keyId();
            kms.rotate(CUSTODIAN, keyId);
            kms.encryptionKey(new KeyScope("hospital-a", DataClass.PATIENT_CLINICAL, "patient-7", KeyUsage.FIELD_ENCRYPTION));
            List<Map<String, Object>> sealedBefore = f.rows("SELECT sealed FROM ${s}kms_key_version WHERE kek_id IS NOT NULL"
                    + " ORDER BY key_id, key_version");

            int resealed = kms.rotateKeyEncryptionKey(CUSTODIAN, "hospital-a", DataClass.PATIENT_CLINICAL);

            assertThat(resealed).isEqualTo(3);
            assertThat(f.count("SELECT COUNT(*) FROM ${s}kms_key_version WHERE kek_id IS NOT NULL AND kek_version = 2")).isEqualTo(3);
            List<Map<String, Object>> sealedAfter = f.rows("SELECT sealed FROM ${s}kms_key_version WHERE kek_id IS NOT NULL"
                    + " ORDER BY key_id, key_version");
            for (int i = 0; i < 3; i++) {
                assertThat((byte[]) sealedAfter.get(i).get("sealed")).isNotEqualTo(sealedBefore.get(i).get("sealed"));
            }
            KeyInfo kek = kms.keys(CUSTODIAN, "hospital-a").stream().filter(KeyInfo::keyEncryptionKey).findFirst().orElseThrow();
            assertThat(kek.version(1).state()).isEqualTo(KeyState.DESTROYED);
            assertThat(kek.version(2).state()).isEqualTo(KeyState.ACTIVE);
            CustosKms fresh = f.kms();
            var freshProtector = CustosCrypto.builder().keySource(fresh).build().randomized();
            assertThat(new String(freshProtector.decrypt(before, NAME), StandardCharsets.UTF_8)).isEqualTo("batch 42");
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void encryptionKey_afterCryptoperiod_rotatesAutomatically(Backend backend) throws Exception {
        try (Fixture f = Fixture.open(backend)) {
            CustosKms kms = f.kms(b -> b.cryptoperiod(DataClass.PATIENT_CLINICAL, days(90)));
            KeyScope other = new KeyScope("hospital-a", DataClass.CUSTOMER, null, KeyUsage.FIELD_ENCRYPTION);
            long keyId = kms.encryptionKey(PATIENTS).reference().keyId();
            kms.encryptionKey(other);
            f.clock.advance(days(91));

            assertThat(kms.rotateDueKeys(Actor.system())).containsExactly(keyId);
            assertThat(kms.encryptionKey(PATIENTS).reference()).isEqualTo(new KeyReference(keyId, 2));
            assertThat(kms.encryptionKey(other).reference().version()).isEqualTo(1);

            f.clock.advance(days(91));
            CustosKms second = f.kms(b -> b.cryptoperiod(DataClass.PATIENT_CLINICAL, days(90)));
            assertThat(second.encryptionKey(PATIENTS).reference()).isEqualTo(new KeyReference(keyId, 3));
            assertThat(f.audit.action("rotate")).extracting(e -> e.details().get("reason"))
                    .containsExactly("cryptoperiod", "cryptoperiod");
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void scheduledMaintenance_rotatesDueKeysAndRunsApprovedDestructions(Backend backend) throws Exception {
        try (Fixture f = Fixture.open(backend)) {
            CustosKms kms = f.kms(b -> b.cryptoperiod(DataClass.PATIENT_CLINICAL, days(90)));
            long keyId = kms.encryptionKey(PATIENTS).reference().keyId();
            KeyScope doomed = new KeyScope("hospital-a", DataClass.CUSTOMER, "c-1", KeyUsage.FIELD_ENCRYPTION);
            long doomedId = kms.encryptionKey(doomed).reference().keyId();
            DestructionRequest r = kms.requestDestruction(CUSTODIAN, DestructionTarget.key(doomedId), days(30));
            kms.approveDestruction(Fixture.OFFICER1, r.id());
            kms.approveDestruction(Fixture.OFFICER2, r.id());
            f.clock.advance(days(91));
            var executor = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
            try (AutoCloseable schedule = kms.scheduleMaintenance(executor, java.time.Duration.ofMillis(50))) {
                long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
                while (kms.key(CUSTODIAN, keyId).currentVersion() < 2
                        || kms.destruction(CUSTODIAN, r.id()).status() != DestructionRequest.Status.EXECUTED) {
                    assertThat(System.nanoTime()).as("maintenance ran within 20 s").isLessThan(deadline);
                    Thread.sleep(50);
                }
            } finally {
                executor.shutdownNow();
            }
            assertThat(kms.key(CUSTODIAN, doomedId).shredded()).isTrue();
            assertThat(kms.destruction(CUSTODIAN, r.id()).decidedBy()).isEqualTo("system");
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void encryptionKey_versionBudgetSpent_rotatesToNextVersion(Backend backend) throws Exception {
        try (Fixture f = Fixture.open(backend)) {
            CustosKms kms = f.kms(b -> b.budgetChunk(2).maxEncryptionsPerVersion(4));
            var protector = CustosCrypto.builder().keySource(kms).build().randomized();
            for (int i = 0; i < 5; i++) {
                protector.encrypt(new byte[] {(byte) i}, NAME);
            }
            KeyReference current = kms.encryptionKey(PATIENTS).reference();
            assertThat(current.version()).isEqualTo(2);
            assertThat(f.audit.action("rotate")).singleElement()
                    .satisfies(e -> assertThat(e.details()).containsEntry("reason", "encryption budget"));
        }
    }

    @org.junit.jupiter.api.Test
    void build_withProviderIdFromServiceLoader_usesSoftwareKeystoreOrRefusesUnknownId(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        try (Fixture f = Fixture.open(Backend.H2)) {
            var config = io.custos.spi.ProviderConfig.of("software", Map.of(
                    "custos.keystore.path", dir.resolve("root.p12").toString(),
                    "custos.keystore.password", "test-only-password", "custos.keystore.create", "true"));
            try (CustosKms kms = CustosKms.builder().dataSource(f.dataSource).auditSink(f.audit)
                    .rootKeyProvider("software", config).config(f.config().build()).build()) {
                var protector = CustosCrypto.builder().keySource(kms).build().randomized();
                assertThat(protector.decryptText(protector.encryptText("lot 7", NAME), NAME)).isEqualTo("lot 7");
                assertThat(f.rows("SELECT sealed_by FROM ${s}kms_key_version WHERE kek_id IS NULL").get(0)
                        .get("sealed_by").toString()).startsWith("software:");
            }
            assertThatThrownBy(() -> CustosKms.builder().dataSource(f.dataSource).auditSink(f.audit)
                    .rootKeyProvider("hsm-that-is-not-there", config).config(f.config().build()).build())
                    .isInstanceOf(ConfigurationException.class).hasMessageStartingWith("CUSTOS-1003");
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void start_secondInstanceOrNewerSchema_migratesOnceOrRefuses(Backend backend) throws Exception {
        try (Fixture f = Fixture.open(backend)) {
            f.kms();
            f.kms();
            assertThat(f.count("SELECT COUNT(*) FROM ${s}kms_schema_history")).isEqualTo(1);
            try (var c = f.raw.getConnection(); var s = c.createStatement()) {
                s.execute("INSERT INTO " + f.schema + ".kms_schema_history VALUES (99, 'future', CURRENT_TIMESTAMP)");
            }
            assertThatThrownBy(f::kms).isInstanceOf(ConfigurationException.class)
                    .satisfies(e -> assertThat(((ConfigurationException) e).code()).isEqualTo(ErrorCode.KMS_SCHEMA_UNSUPPORTED));
        }
    }
}
