package io.custos.kms;

import static io.custos.kms.LifecycleTest.assertCode;
import static io.custos.kms.testing.Fixture.CUSTODIAN;
import static io.custos.kms.testing.Fixture.CUSTODIAN2;
import static io.custos.kms.testing.Fixture.OFFICER1;
import static io.custos.kms.testing.Fixture.OFFICER2;
import static io.custos.kms.testing.Fixture.days;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custos.api.DataClass;
import io.custos.api.FieldProtector;
import io.custos.api.KeyReference;
import io.custos.api.ProtectionContext;
import io.custos.api.error.ErrorCode;
import io.custos.api.error.KeyShreddedException;
import io.custos.crypto.CustosCrypto;
import io.custos.kms.testing.Backend;
import io.custos.kms.testing.Fixture;
import io.custos.spi.KeyScope;
import io.custos.spi.KeyUsage;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DestructionTest {
    static final KeyScope CERTS = new KeyScope("acme", DataClass.CERTIFICATE, null, KeyUsage.FIELD_ENCRYPTION);

    static ProtectionContext patient(String tenant, String subject) {
        return ProtectionContext.builder().tenant(tenant).table("patient").column("diagnosis")
                .dataClass(DataClass.PATIENT_CLINICAL).subject(subject).build();
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void destruction_needsWaitingPeriodAndTwoDistinctOfficers_thenErasesMaterial(Backend backend) throws Exception {
        try (Fixture f = Fixture.open(backend)) {
            CustosKms kms = f.kms();
            KeyReference v1 = kms.encryptionKey(CERTS).reference();
            kms.rotate(CUSTODIAN, v1.keyId());

            assertCode(() -> kms.requestDestruction(CUSTODIAN, DestructionTarget.key(v1.keyId()), Duration.ofHours(1)),
                    ErrorCode.KMS_OUT_OF_BOUNDS);
            DestructionRequest r = kms.requestDestruction(CUSTODIAN, DestructionTarget.key(v1.keyId()), null);
            assertThat(r.notBefore()).isEqualTo(f.clock.instant().plus(days(30)));
            assertThat(r.status()).isEqualTo(DestructionRequest.Status.PENDING);

            assertCode(() -> kms.approveDestruction(Actor.of("carol", Role.SECURITY_OFFICER, Role.KEY_CUSTODIAN), r.id()),
                    ErrorCode.KMS_DUTY_CONFLICT);
            assertCode(() -> kms.approveDestruction(CUSTODIAN2, r.id()), ErrorCode.KMS_ROLE_REQUIRED);
            kms.approveDestruction(OFFICER1, r.id());
            assertCode(() -> kms.approveDestruction(OFFICER1, r.id()), ErrorCode.KMS_REQUEST_STATE);
            f.clock.advance(days(31));
            assertCode(() -> kms.executeDestruction(CUSTODIAN, r.id()), ErrorCode.KMS_QUORUM_NOT_MET);
            assertThat(kms.executeDueDestructions(CUSTODIAN)).isEmpty();
            assertThat(kms.decryptionKey(v1).reference()).isEqualTo(v1);

            kms.approveDestruction(OFFICER2, r.id());
            assertThat(kms.executeDueDestructions(Actor.system())).extracting(DestructionRequest::id).containsExactly(r.id());

            KeyInfo info = kms.key(CUSTODIAN, v1.keyId());
            assertThat(info.shredded()).isTrue();
            assertThat(info.versions()).allSatisfy(v -> {
                assertThat(v.state()).isEqualTo(KeyState.DESTROYED);
                assertThat(v.destroyedAt()).isEqualTo(f.clock.instant());
            });
            assertThat(f.count("SELECT COUNT(*) FROM ${s}kms_key_version WHERE key_id = ? AND sealed IS NOT NULL",
                    v1.keyId())).isZero();
            assertThatThrownBy(() -> kms.decryptionKey(v1)).isInstanceOf(KeyShreddedException.class)
                    .hasMessageStartingWith("CUSTOS-3003");
            assertThatThrownBy(() -> kms.decryptionKey(v1)).isInstanceOf(KeyShreddedException.class);
            assertThat(f.audit.action("load-decryption-key")).filteredOn(e -> v1.equals(e.key()) && e.outcome() == io.custos.spi.AuditEvent.Outcome.FAILED)
                    .as("a shredded version is refused from memory after the first, audited, refusal").hasSize(1);
            assertThatThrownBy(() -> kms.encryptionKey(CERTS)).isInstanceOf(KeyShreddedException.class);
            KeyVersionInfo leaked = kms.markCompromised(OFFICER1, v1).version(1);
            assertThat(leaked.state()).isEqualTo(KeyState.DESTROYED_COMPROMISED);
            assertThat(leaked.compromisedAt()).isNotNull();
            assertThat(leaked.destroyedAt()).isEqualTo(f.clock.instant());
            assertCode(() -> kms.markCompromised(OFFICER1, v1), ErrorCode.KMS_ILLEGAL_TRANSITION);
            assertThat(kms.destruction(Fixture.AUDITOR, r.id())).satisfies(d -> {
                assertThat(d.status()).isEqualTo(DestructionRequest.Status.EXECUTED);
                assertThat(d.approvers()).containsExactlyInAnyOrder("oscar", "olga");
                assertThat(d.decidedBy()).isEqualTo("system");
            });
            assertThat(f.audit.action("destroy")).filteredOn(e -> e.outcome() == io.custos.spi.AuditEvent.Outcome.SUCCESS)
                    .singleElement().satisfies(e -> assertThat(e.details())
                    .containsEntry("requestedBy", "carol").containsEntry("approvedBy", "olga,oscar"));
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void cancelledOrEarlyDestruction_neverRuns(Backend backend) throws Exception {
        try (Fixture f = Fixture.open(backend)) {
            CustosKms kms = f.kms();
            KeyReference v1 = kms.encryptionKey(CERTS).reference();
            DestructionRequest r = kms.requestDestruction(CUSTODIAN, DestructionTarget.key(v1.keyId()), days(7));
            kms.approveDestruction(OFFICER1, r.id());
            kms.approveDestruction(OFFICER2, r.id());
            assertCode(() -> kms.executeDestruction(CUSTODIAN, r.id()), ErrorCode.KMS_REQUEST_STATE);

            assertThat(kms.cancelDestruction(OFFICER1, r.id()).status()).isEqualTo(DestructionRequest.Status.CANCELLED);
            f.clock.advance(days(8));
            assertThat(kms.executeDueDestructions(CUSTODIAN)).isEmpty();
            assertCode(() -> kms.executeDestruction(CUSTODIAN, r.id()), ErrorCode.KMS_REQUEST_STATE);
            assertCode(() -> kms.approveDestruction(OFFICER2, r.id()), ErrorCode.KMS_REQUEST_STATE);
            assertThat(kms.decryptionKey(v1).reference()).isEqualTo(v1);
            assertThat(kms.key(CUSTODIAN, v1.keyId()).current().state()).isEqualTo(KeyState.ACTIVE);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void shredSubject_withRealEngine_onlyThatPatientBecomesUnreadable(Backend backend) throws Exception {
        try (Fixture f = Fixture.open(backend)) {
            CustosKms kms = f.kms(b -> b.destructionApprovals(2).waitingPeriod(days(30), days(1), days(60)));
            FieldProtector p = CustosCrypto.builder().keySource(kms).build().randomized();
            ProtectionContext alice = patient("hospital-a", "patient-001");
            ProtectionContext bob = patient("hospital-a", "patient-002");
            ProtectionContext shared = patient("hospital-a", null);
            String a = p.encryptText("diabetes", alice);
            String b = p.encryptText("asthma", bob);
            String c = p.encryptText("ward 3", shared);

            shred(f, kms, DestructionTarget.subject("hospital-a", "patient-001"));

            CustosKms other = f.kms();
            FieldProtector q = CustosCrypto.builder().keySource(other).build().randomized();
            for (FieldProtector reader : new FieldProtector[] {p, q}) {
                assertThatThrownBy(() -> reader.decryptText(a, alice)).isInstanceOf(KeyShreddedException.class)
                        .hasMessageStartingWith("CUSTOS-3003").hasMessageNotContaining("diabetes");
                assertThat(reader.decryptText(b, bob)).isEqualTo("asthma");
                assertThat(reader.decryptText(c, shared)).isEqualTo("ward 3");
            }
            assertThatThrownBy(() -> p.encryptText("new record", alice)).isInstanceOf(KeyShreddedException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void shredTenant_destroysItsKeksAndDataKeys_otherTenantsUnaffected(Backend backend) throws Exception {
        try (Fixture f = Fixture.open(backend)) {
            CustosKms kms = f.kms();
            FieldProtector p = CustosCrypto.builder().keySource(kms).build().randomized();
            ProtectionContext gone = patient("clinic-gone", "p1");
            ProtectionContext stays = patient("clinic-stays", "p1");
            String x = p.encryptText("x-ray", gone);
            String y = p.encryptText("y-ray", stays);
            ProtectionContext goneGeneral = ProtectionContext.builder().tenant("clinic-gone").table("invoice").column("total")
                    .dataClass(DataClass.FINANCIAL).build();
            String z = p.encryptText("100.00", goneGeneral);

            shred(f, kms, DestructionTarget.tenant("clinic-gone"));

            assertThatThrownBy(() -> p.decryptText(x, gone)).isInstanceOf(KeyShreddedException.class);
            assertThatThrownBy(() -> p.decryptText(z, goneGeneral)).isInstanceOf(KeyShreddedException.class);
            assertThat(p.decryptText(y, stays)).isEqualTo("y-ray");
            assertThat(kms.keys(CUSTODIAN, "clinic-gone")).hasSize(4).allSatisfy(k -> assertThat(k.shredded()).isTrue());
            assertThat(f.count("SELECT COUNT(*) FROM ${s}kms_key k JOIN ${s}kms_key_version v ON k.key_id = v.key_id"
                    + " WHERE k.tenant = 'clinic-gone' AND v.sealed IS NOT NULL")).isZero();
            assertThatThrownBy(() -> p.encryptText("again", goneGeneral)).isInstanceOf(KeyShreddedException.class);
        }
    }

    static void shred(Fixture f, CustosKms kms, DestructionTarget target) throws Exception {
        DestructionRequest r = kms.requestDestruction(CUSTODIAN, target, null);
        kms.approveDestruction(OFFICER1, r.id());
        kms.approveDestruction(OFFICER2, r.id());
        f.clock.advance(days(30));
        assertThat(kms.executeDestruction(OFFICER1, r.id()).status()).isEqualTo(DestructionRequest.Status.EXECUTED);
    }
}
