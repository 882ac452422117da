package io.custos.kms;

import static io.custos.kms.LifecycleTest.assertCode;
import static io.custos.kms.testing.Fixture.CUSTODIAN;
import static io.custos.kms.testing.Fixture.CUSTODIAN2;
import static io.custos.kms.testing.Fixture.CUSTODIAN3;
import static io.custos.kms.testing.Fixture.OFFICER1;
import static org.assertj.core.api.Assertions.assertThat;

import io.custos.api.DataClass;
import io.custos.api.FieldProtector;
import io.custos.api.ProtectionContext;
import io.custos.api.error.ErrorCode;
import io.custos.crypto.CustosCrypto;
import io.custos.kms.testing.Backend;
import io.custos.kms.testing.Fixture;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BackupRestoreTest {
    static final ProtectionContext FORMULA = ProtectionContext.builder().tenant("plant-1").table("recipe").column("steps")
            .dataClass(DataClass.FORMULA).build();
    static final ProtectionContext PATIENT = ProtectionContext.builder().tenant("hospital-b").table("patient").column("name")
            .dataClass(DataClass.PATIENT_CLINICAL).subject("p-9").build();

    @ParameterizedTest
    @EnumSource(Backend.class)
    void backupThreeOfFive_restoredIntoEmptyStoreUnderNewRoot_decryptsOldData(Backend backend) throws Exception {
        try (Fixture source = Fixture.open(backend); Fixture target = Fixture.open(backend)) {
            CustosKms kms = source.kms();
            FieldProtector p = CustosCrypto.builder().keySource(kms).build().randomized();
            String recipe = p.encryptText("mix 3g A with 5g B", FORMULA);
            long formulaKey = kms.encryptionKey(io.custos.spi.KeyScope.of(FORMULA, io.custos.spi.KeyUsage.FIELD_ENCRYPTION))
                    .reference().keyId();
            kms.rotate(CUSTODIAN, formulaKey);
            String recipe2 = p.encryptText("heat to 80C", FORMULA);
            String name = p.encryptText("Wang Fang", PATIENT);

            BackupBundle backup = kms.backup(CUSTODIAN, 5, 3);
            assertThat(backup.shares()).hasSize(5).extracting(BackupShare::index).doesNotHaveDuplicates();
            assertThat(backup.keyCount()).isEqualTo(4);
            assertThat(backup.toString()).contains(backup.backupId()).contains("3 of 5");

            CustosKms restored = target.kms();
            RestoreCeremony ceremony = restored.beginRestore(CUSTODIAN, backup.archive());
            assertCode(() -> ceremony.approve(Actor.of("carol", Role.SECURITY_OFFICER)), ErrorCode.KMS_DUTY_CONFLICT);
            assertCode(() -> ceremony.complete(CUSTODIAN), ErrorCode.KMS_QUORUM_NOT_MET);
            ceremony.approve(OFFICER1);
            ceremony.addShare(CUSTODIAN2, viaText(backup.shares().get(4)));
            ceremony.addShare(CUSTODIAN3, viaText(backup.shares().get(1)));
            assertCode(() -> ceremony.complete(CUSTODIAN), ErrorCode.KMS_QUORUM_NOT_MET);
            assertCode(() -> ceremony.complete(CUSTODIAN2), ErrorCode.KMS_ROLE_REQUIRED);
            ceremony.addShare(CUSTODIAN, viaText(backup.shares().get(2)));

            assertThat(ceremony.complete(CUSTODIAN)).isEqualTo(4);

            FieldProtector q = CustosCrypto.builder().keySource(restored).build().randomized();
            assertThat(q.decryptText(recipe, FORMULA)).isEqualTo("mix 3g A with 5g B");
            assertThat(q.decryptText(recipe2, FORMULA)).isEqualTo("heat to 80C");
            assertThat(q.decryptText(name, PATIENT)).isEqualTo("Wang Fang");
            assertThat(restored.key(CUSTODIAN, formulaKey).currentVersion()).isEqualTo(2);
            assertThat(target.rows("SELECT DISTINCT sealed_by FROM ${s}kms_key_version WHERE kek_id IS NULL"))
                    .extracting(r -> r.get("sealed_by")).containsExactly("test:root-1");
            assertThat(target.root.seals.get()).as("KEKs re-sealed under the target's root").isEqualTo(2);
            ProtectionContext fresh = FORMULA.toBuilder().tenant("plant-2").build();
            long newId = restored.encryptionKey(io.custos.spi.KeyScope.of(fresh, io.custos.spi.KeyUsage.FIELD_ENCRYPTION))
                    .reference().keyId();
            assertThat(newId).isGreaterThan(restored.keys(CUSTODIAN, null).stream()
                    .filter(k -> !k.tenant().equals("plant-2")).mapToLong(KeyInfo::keyId).max().orElseThrow());
            assertThat(target.audit.action("restore")).filteredOn(e -> e.outcome() == io.custos.spi.AuditEvent.Outcome.SUCCESS)
                    .singleElement()
                    .satisfies(e -> assertThat(e.actor()).isEqualTo("carol"));
            assertCode(() -> ceremony.approve(Fixture.OFFICER2), ErrorCode.KMS_REQUEST_STATE);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void restore_wrongSharesOrNonEmptyStore_isRefusedAndWritesNothing(Backend backend) throws Exception {
        try (Fixture source = Fixture.open(backend); Fixture target = Fixture.open(backend)) {
            CustosKms kms = source.kms();
            kms.encryptionKey(io.custos.spi.KeyScope.of(FORMULA, io.custos.spi.KeyUsage.FIELD_ENCRYPTION));
            BackupBundle first = kms.backup(CUSTODIAN, 3, 2);
            BackupBundle second = kms.backup(CUSTODIAN, 3, 2);

            assertCode(() -> kms.beginRestore(CUSTODIAN, first.archive()), ErrorCode.KMS_RESTORE_TARGET_NOT_EMPTY);
            CustosKms empty = target.kms();
            RestoreCeremony c = empty.beginRestore(CUSTODIAN, first.archive());
            c.approve(OFFICER1);
            assertCode(() -> c.addShare(CUSTODIAN2, second.shares().get(0)), ErrorCode.KMS_BACKUP_INVALID);
            BackupShare forged = new BackupShare(first.backupId(), second.shares().get(1).index(), 2,
                    io.custos.api.Secret.copyOf(second.shares().get(1).value().bytes()));
            c.addShare(CUSTODIAN2, forged);
            c.addShare(CUSTODIAN3, first.shares().get(0));
            assertCode(() -> c.complete(CUSTODIAN), ErrorCode.KMS_BACKUP_INVALID);
            assertThat(target.count("SELECT COUNT(*) FROM ${s}kms_key")).isZero();

            byte[] tampered = first.archive();
            tampered[tampered.length - 5] ^= 1;
            RestoreCeremony d = empty.beginRestore(CUSTODIAN, tampered);
            d.approve(OFFICER1);
            d.addShare(CUSTODIAN2, first.shares().get(1));
            d.addShare(CUSTODIAN3, first.shares().get(2));
            assertCode(() -> d.complete(CUSTODIAN), ErrorCode.KMS_BACKUP_INVALID);
            assertCode(() -> empty.beginRestore(CUSTODIAN, new byte[] {1, 2, 3}), ErrorCode.KMS_BACKUP_INVALID);
            assertThat(target.count("SELECT COUNT(*) FROM ${s}kms_key")).isZero();
        }
    }

    @Test
    void backup_unsplitOrBadThreshold_singleKeyShareOrError() throws Exception {
        try (Fixture f = Fixture.open(Backend.H2)) {
            CustosKms kms = f.kms();
            kms.encryptionKey(io.custos.spi.KeyScope.of(FORMULA, io.custos.spi.KeyUsage.FIELD_ENCRYPTION));
            try (BackupBundle single = kms.backup(CUSTODIAN, 1, 1)) {
                assertThat(single.shares()).singleElement().satisfies(s -> {
                    assertThat(s.index()).isZero();
                    assertThat(s.value().length()).isEqualTo(32);
                });
            }
            assertCode(() -> kms.backup(CUSTODIAN, 3, 1), ErrorCode.KMS_OUT_OF_BOUNDS);
            assertCode(() -> kms.backup(CUSTODIAN, 3, 4), ErrorCode.KMS_OUT_OF_BOUNDS);
            assertCode(() -> kms.backup(OFFICER1, 3, 2), ErrorCode.KMS_ROLE_REQUIRED);
        }
    }

    private static BackupShare viaText(BackupShare share) {
        char[] text = share.toText();
        try {
            assertThat(new String(text)).startsWith("custos-share:" + share.backupId() + ":" + share.index() + ":");
            return BackupShare.fromText(text);
        } finally {
            Arrays.fill(text, '\0');
        }
    }

}
