package io.custos.kms;

import static io.custos.kms.testing.Fixture.CUSTODIAN;
import static io.custos.kms.testing.Fixture.OFFICER1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custos.api.DataClass;
import io.custos.api.KeyReference;
import io.custos.api.error.CryptoException;
import io.custos.api.error.ErrorCode;
import io.custos.api.error.KeyStateException;
import io.custos.kms.testing.Backend;
import io.custos.kms.testing.Fixture;
import io.custos.spi.AuditEvent;
import io.custos.spi.KeyScope;
import io.custos.spi.KeyUsage;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LifecycleTest {
    static final KeyScope FORMULAS = new KeyScope("plant-1", DataClass.FORMULA, null, KeyUsage.FIELD_ENCRYPTION);

    @Test
    void transitionTable_followsKmip_onlyListedMovesAllowed() {
        assertThat(KeyState.PRE_ACTIVE.successors()).containsExactlyInAnyOrder(KeyState.ACTIVE, KeyState.COMPROMISED,
                KeyState.DESTROYED);
        assertThat(KeyState.ACTIVE.successors()).containsExactlyInAnyOrder(KeyState.DEACTIVATED, KeyState.COMPROMISED);
        assertThat(KeyState.DEACTIVATED.successors()).containsExactlyInAnyOrder(KeyState.COMPROMISED, KeyState.DESTROYED);
        assertThat(KeyState.COMPROMISED.successors()).containsExactly(KeyState.DESTROYED_COMPROMISED);
        assertThat(KeyState.DESTROYED.successors()).containsExactly(KeyState.DESTROYED_COMPROMISED);
        assertThat(KeyState.DESTROYED_COMPROMISED.successors()).isEmpty();
        assertThat(EnumSet.allOf(KeyState.class)).filteredOn(KeyState::mayEncrypt).containsExactly(KeyState.ACTIVE);
        assertThat(EnumSet.allOf(KeyState.class)).filteredOn(KeyState::mayDecrypt)
                .containsExactly(KeyState.ACTIVE, KeyState.DEACTIVATED, KeyState.COMPROMISED);
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void preActiveKey_encryptsOnlyAfterActivation(Backend backend) throws Exception {
        try (Fixture f = Fixture.open(backend)) {
            CustosKms kms = f.kms();
            KeyInfo created = kms.createKey(CUSTODIAN, FORMULAS, false);
            KeyReference v1 = new KeyReference(created.keyId(), 1);
            assertThat(created.current().state()).isEqualTo(KeyState.PRE_ACTIVE);
            assertThat(created.current().activatedAt()).isNull();

            assertThatThrownBy(() -> kms.encryptionKey(FORMULAS)).isInstanceOf(KeyStateException.class)
                    .hasMessageContaining("CUSTOS-3002").hasMessageContaining("pre-active");
            assertThatThrownBy(() -> kms.decryptionKey(v1)).isInstanceOf(KeyStateException.class);

            KeyInfo active = kms.activate(CUSTODIAN, v1);
            assertThat(active.current().state()).isEqualTo(KeyState.ACTIVE);
            assertThat(active.current().activatedAt()).isEqualTo(f.clock.instant());
            assertThat(kms.encryptionKey(FORMULAS).reference()).isEqualTo(v1);
            assertThat(kms.createKey(CUSTODIAN, FORMULAS, true).keyId()).isEqualTo(created.keyId());
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void illegalTransitions_areRefusedWith3102_andChangeNothing(Backend backend) throws Exception {
        try (Fixture f = Fixture.open(backend)) {
            CustosKms kms = f.kms();
            KeyReference v1 = kms.encryptionKey(FORMULAS).reference();

            assertCode(() -> kms.activate(CUSTODIAN, v1), ErrorCode.KMS_ILLEGAL_TRANSITION);
            kms.deactivate(CUSTODIAN, v1);
            assertCode(() -> kms.deactivate(CUSTODIAN, v1), ErrorCode.KMS_ILLEGAL_TRANSITION);
            assertCode(() -> kms.activate(CUSTODIAN, v1), ErrorCode.KMS_ILLEGAL_TRANSITION);
            kms.markCompromised(OFFICER1, v1);
            assertCode(() -> kms.markCompromised(OFFICER1, v1), ErrorCode.KMS_ILLEGAL_TRANSITION);

            assertThat(f.rows("SELECT key_state FROM ${s}kms_key_version WHERE key_id = ? AND key_version = 1", v1.keyId())
                    .get(0).get("key_state")).isEqualTo("COMPROMISED");
            assertThat(f.audit.events).filteredOn(e -> e.outcome() == AuditEvent.Outcome.FAILED)
                    .extracting(AuditEvent::action).contains("activate", "deactivate", "mark-compromised");
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void deactivatedCurrentVersion_refusesEncryption_butDecrypts(Backend backend) throws Exception {
        try (Fixture f = Fixture.open(backend)) {
            CustosKms kms = f.kms();
            KeyReference v1 = kms.encryptionKey(FORMULAS).reference();
            kms.deactivate(CUSTODIAN, v1);

            assertThatThrownBy(() -> kms.encryptionKey(FORMULAS)).isInstanceOf(KeyStateException.class)
                    .hasMessage("CUSTOS-3002 key " + v1.keyId() + " v1 is deactivated and cannot be used to encrypt");
            assertThat(kms.decryptionKey(v1).reference()).isEqualTo(v1);
            assertThat(kms.rotate(CUSTODIAN, v1.keyId()).current().state()).isEqualTo(KeyState.ACTIVE);
            assertThat(kms.encryptionKey(FORMULAS).reference().version()).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void markCompromised_currentVersion_replacesItAndKeepsDecrypting(Backend backend) throws Exception {
        try (Fixture f = Fixture.open(backend)) {
            CustosKms kms = f.kms();
            KeyReference v1 = kms.encryptionKey(FORMULAS).reference();

            KeyInfo info = kms.markCompromised(OFFICER1, v1);

            assertThat(info.currentVersion()).isEqualTo(2);
            assertThat(info.version(1).state()).isEqualTo(KeyState.COMPROMISED);
            assertThat(info.version(1).compromisedAt()).isNotNull();
            assertThat(kms.encryptionKey(FORMULAS).reference().version()).isEqualTo(2);
            assertThat(kms.decryptionKey(v1).reference()).isEqualTo(v1);
            assertThat(f.audit.action("mark-compromised")).singleElement().satisfies(e -> {
                assertThat(e.actor()).isEqualTo("oscar");
                assertThat(e.key()).isEqualTo(v1);
                assertThat(e.details()).containsEntry("from", "active").containsEntry("to", "compromised");
            });
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void markCompromised_currentKek_resealsDataKeysAndDestroysIt(Backend backend) throws Exception {
        try (Fixture f = Fixture.open(backend)) {
            CustosKms kms = f.kms();
            var dk = kms.encryptionKey(FORMULAS);
            KeyInfo kek = kms.keys(CUSTODIAN, "plant-1").stream().filter(KeyInfo::keyEncryptionKey).findFirst().orElseThrow();

            KeyInfo after = kms.markCompromised(OFFICER1, new KeyReference(kek.keyId(), 1));

            assertThat(after.currentVersion()).isEqualTo(2);
            assertThat(after.version(1).state()).isEqualTo(KeyState.DESTROYED_COMPROMISED);
            assertThat(f.count("SELECT COUNT(*) FROM ${s}kms_key_version WHERE kek_id = ? AND kek_version = 2",
                    kek.keyId())).isEqualTo(1);
            assertThat(f.kms().decryptionKey(dk.reference()).material()).isEqualTo(dk.material());
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void decryptableVersions_listCurrentThenOlderUsableVersions_forSearchesDuringRotation(Backend backend) throws Exception {
        try (Fixture f = Fixture.open(backend)) {
            CustosKms kms = f.kms();
            KeyReference v1 = kms.encryptionKey(FORMULAS).reference();
            assertThat(kms.decryptableVersions(FORMULAS)).containsExactly(v1);
            kms.rotate(CUSTODIAN, v1.keyId());
            KeyReference v2 = v1.next();
            assertThat(kms.encryptionKey(FORMULAS).reference()).isEqualTo(v2);
            assertThat(kms.decryptableVersions(FORMULAS)).containsExactly(v2, v1);
            kms.rotate(CUSTODIAN, v1.keyId());
            KeyReference v3 = v2.next();
            kms.markCompromised(OFFICER1, v2); // rotation deactivated it; compromised versions still decrypt
            assertThat(kms.decryptableVersions(FORMULAS)).containsExactly(v3, v2, v1);
            kms.setMinimumDecryptionVersion(CUSTODIAN, v1.keyId(), 2);
            assertThat(kms.decryptableVersions(FORMULAS)).containsExactly(v3, v2);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void minimumDecryptionVersion_retiresOlderVersions(Backend backend) throws Exception {
        try (Fixture f = Fixture.open(backend)) {
            CustosKms kms = f.kms();
            long id = kms.encryptionKey(FORMULAS).reference().keyId();
            kms.rotate(CUSTODIAN, id);
            kms.rotate(CUSTODIAN, id);

            kms.setMinimumDecryptionVersion(CUSTODIAN, id, 3);

            assertThatThrownBy(() -> kms.decryptionKey(new KeyReference(id, 1))).isInstanceOf(KeyStateException.class)
                    .hasMessage("CUSTOS-3103 key " + id + " v1 is below the minimum decryption version 3 of its key and cannot decrypt");
            assertThat(kms.decryptionKey(new KeyReference(id, 3)).reference().version()).isEqualTo(3);
            assertCode(() -> kms.setMinimumDecryptionVersion(CUSTODIAN, id, 4), ErrorCode.KMS_OUT_OF_BOUNDS);
            assertCode(() -> kms.setMinimumDecryptionVersion(CUSTODIAN, id, 0), ErrorCode.KMS_OUT_OF_BOUNDS);
            assertThat(kms.key(CUSTODIAN, id).minimumDecryptionVersion()).isEqualTo(3);
        }
    }

    static void assertCode(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, ErrorCode code) {
        assertThatThrownBy(call).isInstanceOf(CryptoException.class)
                .satisfies(e -> assertThat(((CryptoException) e).code()).isEqualTo(code))
                .hasMessageStartingWith(code.id());
    }
}
