package io.custos.kms;

import static io.custos.kms.testing.Fixture.CUSTODIAN;
import static io.custos.kms.testing.Fixture.CUSTODIAN2;
import static io.custos.kms.testing.Fixture.OFFICER1;
import static org.assertj.core.api.Assertions.assertThat;

import io.custos.api.DataClass;
import io.custos.api.FieldProtector;
import io.custos.api.KeyReference;
import io.custos.api.ProtectionContext;
import io.custos.api.error.CryptoException;
import io.custos.crypto.CustosCrypto;
import io.custos.kms.testing.Backend;
import io.custos.kms.testing.Fixture;
import io.custos.spi.DataKey;
import io.custos.spi.KeyScope;
import io.custos.spi.KeyUsage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Key material, grant tokens, backup shares and plaintext never reach logs, messages, causes or audit. */
class SecretLeakTest {
    static final String PLAINTEXT = "SECRET-PATIENT-NAME-4711";

    @ParameterizedTest
    @EnumSource(Backend.class)
    void failuresAcrossTheApi_neverCarrySecrets(Backend backend) throws Exception {
        List<String> logs = new CopyOnWriteArrayList<>();
        Logger custos = Logger.getLogger("io.custos");
        Level previous = custos.getLevel();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                String msg = r.getMessage();
                if (r.getParameters() != null) {
                    msg = java.text.MessageFormat.format(msg, r.getParameters());
                }
                logs.add(msg + (r.getThrown() != null ? chain(r.getThrown()) : ""));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        custos.setLevel(Level.ALL);
        custos.addHandler(handler);
        List<String> secrets = new ArrayList<>();
        List<String> observed = new ArrayList<>();
        try (Fixture f = Fixture.open(backend)) {
            CustosKms kms = f.kms();
            ProtectionContext ctx = ProtectionContext.builder().tenant("t1").table("patient").column("name")
                    .dataClass(DataClass.PATIENT_CLINICAL).subject("s1").build();
            FieldProtector p = CustosCrypto.builder().keySource(kms).build().randomized();
            String stored = p.encryptText(PLAINTEXT, ctx);
            DataKey key = kms.encryptionKey(KeyScope.of(ctx, KeyUsage.FIELD_ENCRYPTION));
            secrets.add(HexFormat.of().formatHex(key.material().bytes()));
            secrets.add(Base64.getEncoder().encodeToString(key.material().bytes()));
            IssuedGrant grant = kms.issueGrant(CUSTODIAN, "t1", DataClass.PATIENT_CLINICAL, "dev", Duration.ofHours(1));
            secrets.add(HexFormat.of().formatHex(grant.token().bytes()));
            secrets.add(Base64.getEncoder().encodeToString(grant.token().bytes()));
            BackupBundle backup = kms.backup(CUSTODIAN, 3, 2);
            for (BackupShare s : backup.shares()) {
                secrets.add(HexFormat.of().formatHex(s.value().bytes()));
                secrets.add(Base64.getEncoder().encodeToString(s.value().bytes()));
                observed.add(s.toString());
            }
            observed.add(backup.toString());
            observed.add(grant.toString());
            observed.add(key.toString());
            observed.add(kms.toString());

            List<Runnable> failing = List.of(
                    () -> expectFailure(observed, () -> kms.grantKeySource(grant.token()).decryptionKey(key.reference())),
                    () -> expectFailure(observed, () -> kms.decryptionKey(new KeyReference(999, 1))),
                    () -> expectFailure(observed, () -> kms.rotate(Fixture.AUDITOR, key.reference().keyId())),
                    () -> expectFailure(observed, () -> kms.beginRestore(CUSTODIAN, backup.archive())),
                    () -> expectFailure(observed, () -> {
                        f.dataSource.failOnUpdate(2);
                        try {
                            kms.rotate(CUSTODIAN, key.reference().keyId());
                        } finally {
                            f.dataSource.disarm();
                        }
                    }),
                    () -> expectFailure(observed, () -> {
                        DestructionRequest r = kms.requestDestruction(CUSTODIAN, DestructionTarget.subject("t1", "s1"),
                                Duration.ofDays(1));
                        kms.approveDestruction(OFFICER1, r.id());
                        kms.approveDestruction(Fixture.OFFICER2, r.id());
                        f.clock.advance(Duration.ofDays(2));
                        kms.executeDestruction(CUSTODIAN2, r.id());
                        p.decryptText(stored, ctx);
                    }));
            failing.forEach(Runnable::run);
            f.audit.events.forEach(e -> observed.add(e.toString()));
            f.root.materialSeen.forEach(secrets::add);
        } finally {
            custos.removeHandler(handler);
            custos.setLevel(previous);
        }
        observed.addAll(logs);
        assertThat(observed).hasSizeGreaterThan(10);
        for (String o : observed) {
            assertThat(o).doesNotContain(PLAINTEXT);
            for (String s : secrets) {
                assertThat(o).doesNotContainIgnoringCase(s);
            }
        }
    }

    interface Call {
        void run() throws Exception;
    }

    private static void expectFailure(List<String> observed, Call call) {
        try {
            call.run();
            throw new AssertionError("expected a failure");
        } catch (CryptoException e) {
            observed.add(chain(e));
        } catch (Exception e) {
            throw new AssertionError("unexpected " + e.getClass().getName());
        }
    }

    private static String chain(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}
