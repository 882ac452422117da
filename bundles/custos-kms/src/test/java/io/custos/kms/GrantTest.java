package io.custos.kms;

import static io.custos.kms.LifecycleTest.assertCode;
import static io.custos.kms.testing.Fixture.CUSTODIAN;
import static io.custos.kms.testing.Fixture.OFFICER1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custos.api.DataClass;
import io.custos.api.FieldProtector;
import io.custos.api.ProtectionContext;
import io.custos.api.Secret;
import io.custos.api.error.ErrorCode;
import io.custos.crypto.CustosCrypto;
import io.custos.kms.testing.Backend;
import io.custos.kms.testing.Fixture;
import io.custos.spi.DataKeySource;
import io.custos.spi.KeyScope;
import io.custos.spi.KeyUsage;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class GrantTest {
    static final ProtectionContext LAB_RESULT = ProtectionContext.builder().tenant("lab-shanghai").table("sample")
            .column("result").dataClass(DataClass.PATIENT_CLINICAL).build();

    @ParameterizedTest
    @EnumSource(Backend.class)
    void edgeGrant_encryptsInScopeOnly_andCentralKmsDecrypts(Backend backend) throws Exception {
        try (Fixture f = Fixture.open(backend)) {
            CustosKms kms = f.kms();
            IssuedGrant grant = kms.issueGrant(CUSTODIAN, "lab-shanghai", DataClass.PATIENT_CLINICAL, "analyser-07",
                    Duration.ofHours(8));
            assertThat(grant.toString()).isEqualTo("IssuedGrant[" + grant.grant().grantId() + "]");
            assertThat(f.count("SELECT COUNT(*) FROM ${s}kms_grant")).isEqualTo(1);

            DataKeySource device = kms.grantKeySource(grant.token());
            FieldProtector edge = CustosCrypto.builder().keySource(device).build().randomized();
            String sealed = edge.encryptText("HbA1c 6.1%", LAB_RESULT);

            FieldProtector central = CustosCrypto.builder().keySource(kms).build().randomized();
            assertThat(central.decryptText(sealed, LAB_RESULT)).isEqualTo("HbA1c 6.1%");
            assertThatThrownBy(() -> edge.decryptText(sealed, LAB_RESULT)).isInstanceOf(GrantRejectedException.class)
                    .hasMessageContaining("CUSTOS-3110").hasMessageContaining("encrypt-only");
            assertCode(() -> device.encryptionKey(new KeyScope("lab-beijing", DataClass.PATIENT_CLINICAL, null,
                    KeyUsage.FIELD_ENCRYPTION)), ErrorCode.KMS_GRANT_REJECTED);
            assertCode(() -> device.encryptionKey(new KeyScope("lab-shanghai", DataClass.FORMULA, null,
                    KeyUsage.FIELD_ENCRYPTION)), ErrorCode.KMS_GRANT_REJECTED);
            assertCode(() -> device.encryptionKey(new KeyScope("lab-shanghai", DataClass.PATIENT_CLINICAL, null,
                    KeyUsage.BLIND_INDEX)), ErrorCode.KMS_GRANT_REJECTED);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void edgeKeyPackage_offlineDeviceSealsLocally_centralDecrypts_outOfScopeOrExpiredRefused(Backend backend)
            throws Exception {
        try (Fixture f = Fixture.open(backend)) {
            CustosKms kms = f.kms();
            IssuedGrant grant = kms.issueGrant(CUSTODIAN, "lab-shanghai", DataClass.PATIENT_CLINICAL, "analyser-07",
                    Duration.ofHours(8));
            java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
            g.initialize(3072);
            java.security.KeyPair device = g.generateKeyPair();
            KeyScope scope = KeyScope.of(LAB_RESULT, KeyUsage.FIELD_ENCRYPTION);

            EdgeKeyPackage pkg = kms.edgeKeyPackage(grant.token(), scope, device.getPublic());
            assertThat(pkg.toString()).contains(grant.grant().grantId()).doesNotContain("wrapped");
            assertThat(pkg.expiresAt()).isEqualTo(grant.grant().expiresAt());

            try (EdgeKeySource offline = EdgeKeySource.open(pkg, device.getPrivate(), f.clock)) {
                FieldProtector edge = CustosCrypto.builder().keySource(offline).build().randomized();
                String sealed = edge.encryptText("HbA1c 6.1%", LAB_RESULT);
                FieldProtector central = CustosCrypto.builder().keySource(kms).build().randomized();
                assertThat(central.decryptText(sealed, LAB_RESULT)).isEqualTo("HbA1c 6.1%");
                assertThatThrownBy(() -> edge.decryptText(sealed, LAB_RESULT)).isInstanceOf(GrantRejectedException.class);
                ProtectionContext formula = LAB_RESULT.toBuilder().dataClass(DataClass.FORMULA).build();
                assertThatThrownBy(() -> edge.encryptText("x", formula)).isInstanceOf(GrantRejectedException.class)
                        .hasMessageContaining("outside");
                f.clock.advance(Duration.ofHours(8));
                assertThatThrownBy(() -> edge.encryptText("late", LAB_RESULT)).isInstanceOf(GrantRejectedException.class)
                        .hasMessageContaining("expired");
            }
            java.security.KeyPair stranger = g.generateKeyPair();
            assertCode(() -> EdgeKeySource.open(pkg, stranger.getPrivate(), f.clock), ErrorCode.KMS_GRANT_REJECTED);
            assertCode(() -> kms.edgeKeyPackage(grant.token(), scope, device.getPublic()), ErrorCode.KMS_GRANT_REJECTED);
            java.security.KeyPairGenerator ec = java.security.KeyPairGenerator.getInstance("EC");
            IssuedGrant second = kms.issueGrant(CUSTODIAN, "lab-shanghai", DataClass.PATIENT_CLINICAL, "d2",
                    Duration.ofHours(1));
            assertCode(() -> kms.edgeKeyPackage(second.token(), scope, ec.generateKeyPair().getPublic()),
                    ErrorCode.KMS_GRANT_REJECTED);
            kms.revokeGrant(OFFICER1, second.grant().grantId());
            assertCode(() -> kms.edgeKeyPackage(second.token(), scope, device.getPublic()), ErrorCode.KMS_GRANT_REJECTED);
            assertThat(f.audit.action("export-edge-key")).filteredOn(e -> e.outcome() == io.custos.spi.AuditEvent.Outcome.SUCCESS)
                    .singleElement().satisfies(e -> assertThat(e.actor()).isEqualTo("analyser-07"));
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void expiredRevokedOrUnknownGrants_areRejected(Backend backend) throws Exception {
        try (Fixture f = Fixture.open(backend)) {
            CustosKms kms = f.kms();
            KeyScope scope = KeyScope.of(LAB_RESULT, KeyUsage.FIELD_ENCRYPTION);
            assertCode(() -> kms.issueGrant(CUSTODIAN, "lab-shanghai", DataClass.PATIENT_CLINICAL, "d",
                    Duration.ofDays(2)), ErrorCode.KMS_OUT_OF_BOUNDS);
            assertCode(() -> kms.issueGrant(OFFICER1, "lab-shanghai", DataClass.PATIENT_CLINICAL, "d",
                    Duration.ofHours(1)), ErrorCode.KMS_ROLE_REQUIRED);

            IssuedGrant shortLived = kms.issueGrant(CUSTODIAN, "lab-shanghai", DataClass.PATIENT_CLINICAL, "d1",
                    Duration.ofMinutes(10));
            DataKeySource d1 = kms.grantKeySource(shortLived.token());
            assertThat(d1.encryptionKey(scope)).isNotNull();
            f.clock.advance(Duration.ofMinutes(10));
            assertThatThrownBy(() -> d1.encryptionKey(scope)).isInstanceOf(GrantRejectedException.class)
                    .hasMessageContaining("expired at");

            IssuedGrant revoked = kms.issueGrant(CUSTODIAN, "lab-shanghai", DataClass.PATIENT_CLINICAL, "d2",
                    Duration.ofHours(1));
            DataKeySource d2 = kms.grantKeySource(revoked.token());
            assertThat(d2.encryptionKey(scope)).isNotNull();
            EdgeGrant after = kms.revokeGrant(OFFICER1, revoked.grant().grantId());
            assertThat(after.revokedAt()).isEqualTo(f.clock.instant());
            assertThatThrownBy(() -> d2.encryptionKey(scope)).isInstanceOf(GrantRejectedException.class)
                    .hasMessageContaining("revoked at");

            try (Secret forged = Secret.copyOf(new byte[32])) {
                assertThatThrownBy(() -> kms.grantKeySource(forged).encryptionKey(scope))
                        .isInstanceOf(GrantRejectedException.class).hasMessageContaining("no such grant");
            }
            assertThat(kms.grants(Fixture.AUDITOR)).hasSize(2);
            assertThat(f.audit.events).filteredOn(e -> e.outcome() == io.custos.spi.AuditEvent.Outcome.DENIED
                    && e.actor().equals("d2")).isNotEmpty();
        }
    }
}
