package io.custos.kms;

import static io.custos.kms.LifecycleTest.assertCode;
import static io.custos.kms.testing.Fixture.AUDITOR;
import static io.custos.kms.testing.Fixture.CUSTODIAN;
import static io.custos.kms.testing.Fixture.OFFICER1;
import static io.custos.kms.testing.Fixture.OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custos.api.DataClass;
import io.custos.api.KeyReference;
import io.custos.api.error.ErrorCode;
import io.custos.kms.testing.Backend;
import io.custos.kms.testing.Fixture;
import io.custos.spi.AuditEvent;
import io.custos.spi.KeyScope;
import io.custos.spi.KeyUsage;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class SeparationOfDutiesTest {
    static final KeyScope SCOPE = new KeyScope("dist-eu", DataClass.DISTRIBUTOR, null, KeyUsage.FIELD_ENCRYPTION);

    @ParameterizedTest
    @EnumSource(Backend.class)
    void eachRole_mayOnlyDoItsOwnDuties_andDenialsAreAudited(Backend backend) throws Exception {
        try (Fixture f = Fixture.open(backend)) {
            CustosKms kms = f.kms();
            KeyReference ref = kms.encryptionKey(SCOPE).reference();
            long id = ref.keyId();

            assertThat(kms.key(AUDITOR, id).keyId()).isEqualTo(id);
            assertCode(() -> kms.rotate(AUDITOR, id), ErrorCode.KMS_ROLE_REQUIRED);
            assertCode(() -> kms.rotate(OFFICER1, id), ErrorCode.KMS_ROLE_REQUIRED);
            assertCode(() -> kms.rotate(OPERATOR, id), ErrorCode.KMS_ROLE_REQUIRED);
            assertCode(() -> kms.key(OPERATOR, id), ErrorCode.KMS_ROLE_REQUIRED);
            assertCode(() -> kms.requestDestruction(OFFICER1, DestructionTarget.key(id), null), ErrorCode.KMS_ROLE_REQUIRED);
            assertCode(() -> kms.requestDestruction(AUDITOR, DestructionTarget.key(id), null), ErrorCode.KMS_ROLE_REQUIRED);
            assertCode(() -> kms.deactivate(OFFICER1, ref), ErrorCode.KMS_ROLE_REQUIRED);
            assertCode(() -> kms.backup(AUDITOR, 1, 1), ErrorCode.KMS_ROLE_REQUIRED);
            assertCode(() -> kms.issueGrant(OPERATOR, "dist-eu", DataClass.DISTRIBUTOR, "x", Duration.ofHours(1)),
                    ErrorCode.KMS_ROLE_REQUIRED);
            assertCode(() -> kms.rotateDueKeys(AUDITOR), ErrorCode.KMS_ROLE_REQUIRED);

            DestructionRequest r = kms.requestDestruction(CUSTODIAN, DestructionTarget.key(id), null);
            Actor both = new Actor("carol", Set.of(Role.KEY_CUSTODIAN, Role.SECURITY_OFFICER));
            assertThatThrownBy(() -> kms.approveDestruction(both, r.id())).isInstanceOf(DutyViolationException.class)
                    .hasMessage("CUSTOS-3106 carol requested destruction " + r.id() + " and may not also approve it");
            assertCode(() -> kms.approveDestruction(AUDITOR, r.id()), ErrorCode.KMS_ROLE_REQUIRED);
            assertCode(() -> kms.cancelDestruction(AUDITOR, r.id()), ErrorCode.KMS_ROLE_REQUIRED);

            assertThat(f.audit.events).filteredOn(e -> e.outcome() == AuditEvent.Outcome.DENIED)
                    .extracting(AuditEvent::actor).contains("audrey", "oscar", "dan", "carol");
            assertThat(kms.key(CUSTODIAN, id).currentVersion()).isEqualTo(1);
        }
    }

    @Test
    void actor_rejectsBlankOrControlCharacterPrincipals() {
        assertThatThrownBy(() -> Actor.of(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Actor.of("eve\nadmin")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Actor.of("x").roles()).isEmpty();
        assertThat(Role.fromId("security-officer")).isEqualTo(Role.SECURITY_OFFICER);
    }
}
