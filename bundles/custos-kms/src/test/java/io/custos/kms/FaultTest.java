package io.custos.kms;

import static io.custos.kms.LifecycleTest.assertCode;
import static io.custos.kms.testing.Fixture.CUSTODIAN;
import static io.custos.kms.testing.Fixture.OFFICER1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custos.api.DataClass;
import io.custos.api.KeyReference;
import io.custos.api.error.AuditUnavailableException;
import io.custos.api.error.ErrorCode;
import io.custos.api.error.KeyNotFoundException;
import io.custos.kms.testing.Backend;
import io.custos.kms.testing.Fixture;
import io.custos.spi.DataKey;
import io.custos.spi.KeyScope;
import io.custos.spi.KeyUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class FaultTest {
    static final KeyScope SERIALS = new KeyScope("plant-1", DataClass.DEVICE_SERIAL, null, KeyUsage.FIELD_ENCRYPTION);

    @ParameterizedTest
    @EnumSource(Backend.class)
    void unknownIds_giveNumberedNotFoundErrors(Backend backend) throws Exception {
        try (Fixture f = Fixture.open(backend)) {
            CustosKms kms = f.kms();
            kms.encryptionKey(SERIALS);
            assertThatThrownBy(() -> kms.decryptionKey(new KeyReference(4_000_000_000L, 1)))
                    .isInstanceOf(KeyNotFoundException.class).hasMessage("CUSTOS-3001 key 4000000000 v1 not found");
            long kekId = kms.keys(CUSTODIAN, null).get(0).keyId();
            assertThatThrownBy(() -> kms.decryptionKey(new KeyReference(kekId, 1)))
                    .as("a KEK is never handed out as a data key").isInstanceOf(KeyNotFoundException.class);
            assertCode(() -> kms.rotate(CUSTODIAN, 999_999), ErrorCode.KEY_NOT_FOUND);
            assertCode(() -> kms.key(CUSTODIAN, 999_999), ErrorCode.KEY_NOT_FOUND);
            assertCode(() -> kms.approveDestruction(OFFICER1, 77), ErrorCode.KMS_REQUEST_NOT_FOUND);
            assertCode(() -> kms.revokeGrant(OFFICER1, "grant-nope"), ErrorCode.KMS_REQUEST_NOT_FOUND);
            assertCode(() -> kms.rotateKeyEncryptionKey(CUSTODIAN, "nobody", DataClass.GENERAL), ErrorCode.KEY_NOT_FOUND);
            assertCode(() -> kms.requestDestruction(CUSTODIAN, DestructionTarget.subject("plant-1", "ghost"), null),
                    ErrorCode.KEY_NOT_FOUND);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void concurrentRotations_ofSameKey_oneWinsPerVersionAndOthersGet3101(Backend backend) throws Exception {
        try (Fixture f = Fixture.open(backend)) {
            CustosKms a = f.kms();
            CustosKms b = f.kms();
            long id = a.encryptionKey(SERIALS).reference().keyId();
            int threads = 6;
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<KeyInfo>> results = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                CustosKms kms = i % 2 == 0 ? a : b;
                results.add(pool.submit(() -> {
                    start.await();
                    return kms.rotate(CUSTODIAN, id);
                }));
            }
            start.countDown();
            int won = 0;
            int lost = 0;
            for (Future<KeyInfo> r : results) {
                try {
                    r.get();
                    won++;
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(ConcurrentKeyUpdateException.class)
                            .hasMessageStartingWith("CUSTOS-3101");
                    lost++;
                }
            }
            pool.shutdown();

            assertThat(won).isGreaterThanOrEqualTo(1);
            assertThat(won + lost).isEqualTo(threads);
            KeyInfo info = a.key(CUSTODIAN, id);
            assertThat(info.currentVersion()).isEqualTo(1 + won);
            assertThat(info.versions()).hasSize(1 + won);
            assertThat(info.versions()).filteredOn(v -> v.state() == KeyState.ACTIVE).singleElement()
                    .satisfies(v -> assertThat(v.reference().version()).isEqualTo(info.currentVersion()));
            assertThat(f.count("SELECT meta_value FROM ${s}kms_meta WHERE meta_name = 'revision'")).isEqualTo(won);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void rotation_whileAnotherTransactionChangesTheKey_losesWith3101AndChangesNothing(Backend backend) throws Exception {
        try (Fixture f = Fixture.open(backend)) {
            CustosKms kms = f.kms();
            long id = kms.encryptionKey(SERIALS).reference().keyId();
            // after the rotation has read the key row and before it writes, another instance commits a change
            f.dataSource.beforeNextUpdate(() -> {
                try (var other = f.raw.getConnection();
                     var s = other.prepareStatement("UPDATE " + f.schema + ".kms_key SET row_version = row_version + 1"
                             + " WHERE key_id = ?")) {
                    s.setLong(1, id);
                    assertThat(s.executeUpdate()).isEqualTo(1);
                } catch (java.sql.SQLException e) {
                    throw new AssertionError(e.getSQLState());
                }
            });
            assertThatThrownBy(() -> kms.rotate(CUSTODIAN, id)).isInstanceOf(ConcurrentKeyUpdateException.class)
                    .hasMessageStartingWith("CUSTOS-3101");
            assertThat(kms.key(CUSTODIAN, id).versions()).hasSize(1);
            assertThat(kms.rotate(CUSTODIAN, id).currentVersion()).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void databaseFailure_atEveryStatementOfRotation_leavesStoreConsistent(Backend backend) throws Exception {
        try (Fixture f = Fixture.open(backend)) {
            CustosKms kms = f.kms();
            KeyReference v1 = kms.encryptionKey(SERIALS).reference();
            String before = snapshot(f);
            int failedAt = 0;
            for (int n = 1; n <= 10; n++) {
                f.dataSource.failOnUpdate(n);
                try {
                    kms.rotate(CUSTODIAN, v1.keyId());
                    f.dataSource.disarm();
                    break;
                } catch (KeyStoreFailureException e) {
                    failedAt = n;
                    assertThat(e).hasMessageStartingWith("CUSTOS-3104").hasNoCause();
                    assertThat(e.sqlState()).isEqualTo("08006");
                    assertThat(snapshot(f)).as("store after failure at update %d", n).isEqualTo(before);
                    assertThat(kms.decryptionKey(v1).reference()).isEqualTo(v1);
                }
            }
            assertThat(failedAt).as("rotation makes several updates, each was failed once").isGreaterThanOrEqualTo(3);
            KeyInfo after = kms.key(CUSTODIAN, v1.keyId());
            assertThat(after.currentVersion()).isEqualTo(2);
            assertThat(kms.encryptionKey(SERIALS).reference().version()).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void databaseFailure_duringKekRotation_leavesEveryDataKeySealedUnderTheOldKek(Backend backend) throws Exception {
        try (Fixture f = Fixture.open(backend)) {
            CustosKms kms = f.kms();
            List<DataKey> keys = new ArrayList<>();
            for (String subject : new String[] {null, "s-1", "s-2", "s-3"}) {
                keys.add(kms.encryptionKey(new KeyScope("plant-1", DataClass.DEVICE_SERIAL, subject, KeyUsage.FIELD_ENCRYPTION)));
            }
            String before = snapshot(f);
            int failures = 0;
            for (int n = 1; n <= 20; n++) {
                f.dataSource.failOnUpdate(n);
                try {
                    assertThat(kms.rotateKeyEncryptionKey(CUSTODIAN, "plant-1", DataClass.DEVICE_SERIAL)).isEqualTo(4);
                    f.dataSource.disarm();
                    break;
                } catch (KeyStoreFailureException e) {
                    failures++;
                    assertThat(snapshot(f)).as("store after failure at update %d", n).isEqualTo(before);
                    CustosKms fresh = f.kms();
                    for (DataKey k : keys) {
                        assertThat(fresh.decryptionKey(k.reference()).material()).isEqualTo(k.material());
                    }
                }
            }
            assertThat(failures).as("KEK rotation = key row, KEK version, old KEK state, 4 re-seals, ...")
                    .isGreaterThanOrEqualTo(7);
            CustosKms fresh = f.kms();
            for (DataKey k : keys) {
                assertThat(fresh.decryptionKey(k.reference()).material()).isEqualTo(k.material());
            }
            assertThat(f.count("SELECT COUNT(*) FROM ${s}kms_key_version WHERE kek_version = 2")).isEqualTo(4);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void firstUseOfNewScope_onTwoInstancesAtOnce_createsOneKeyAndKek(Backend backend) throws Exception {
        try (Fixture f = Fixture.open(backend)) {
            CustosKms a = f.kms();
            CustosKms b = f.kms();
            KeyScope fresh = new KeyScope("plant-9", DataClass.FINANCIAL, null, KeyUsage.FIELD_ENCRYPTION);
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<KeyReference>> refs = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                CustosKms kms = i % 2 == 0 ? a : b;
                refs.add(pool.submit(() -> {
                    start.await();
                    return kms.encryptionKey(fresh).reference();
                }));
            }
            start.countDown();
            List<KeyReference> got = new ArrayList<>();
            for (Future<KeyReference> r : refs) {
                got.add(r.get());
            }
            pool.shutdown();
            assertThat(got).containsOnly(got.get(0));
            assertThat(f.count("SELECT COUNT(*) FROM ${s}kms_key WHERE tenant = 'plant-9'")).isEqualTo(2);
        }
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void auditSinkDown_administrativeChangeIsRolledBack(Backend backend) throws Exception {
        try (Fixture f = Fixture.open(backend)) {
            CustosKms kms = f.kms();
            long id = kms.encryptionKey(SERIALS).reference().keyId();
            f.audit.failWhen(e -> e.action().equals("rotate"));
            assertThatThrownBy(() -> kms.rotate(CUSTODIAN, id)).isInstanceOf(AuditUnavailableException.class);
            f.audit.failWhen(e -> false);
            assertThat(kms.key(CUSTODIAN, id).currentVersion()).isEqualTo(1);
            assertThat(f.count("SELECT COUNT(*) FROM ${s}kms_key_version WHERE key_id = ?", id)).isEqualTo(1);
        }
    }

    private static String snapshot(Fixture f) throws Exception {
        StringBuilder out = new StringBuilder();
        for (Map<String, Object> r : f.rows("SELECT key_id, current_version, row_version, shredded FROM ${s}kms_key ORDER BY key_id")) {
            out.append(r).append('\n');
        }
        for (Map<String, Object> r : f.rows("SELECT key_id, key_version, key_state, kek_version FROM ${s}kms_key_version"
                + " ORDER BY key_id, key_version")) {
            out.append(r).append('\n');
        }
        out.append(f.rows("SELECT meta_value FROM ${s}kms_meta"));
        return out.toString();
    }

}
