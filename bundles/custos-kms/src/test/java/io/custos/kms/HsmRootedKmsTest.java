package io.custos.kms;

import static io.custos.kms.testing.Fixture.CUSTODIAN;
import static io.custos.kms.testing.Fixture.CUSTODIAN2;
import static io.custos.kms.testing.Fixture.OFFICER1;
import static org.assertj.core.api.Assertions.assertThat;

import io.custos.api.DataClass;
import io.custos.api.FieldProtector;
import io.custos.api.ProtectionContext;
import io.custos.crypto.CustosCrypto;
import io.custos.hsm.Pkcs11RootKeyProviderFactory;
import io.custos.kms.testing.Backend;
import io.custos.kms.testing.Fixture;
import io.custos.spi.ProviderConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The KMS rooted in a PKCS#11 token (SoftHSM2 through custos-hsm-pkcs11), chosen by id among the
 * providers {@code ServiceLoader} finds; and a backup taken under the software root restored under the
 * token. Skipped with a reason without SoftHSM2, failed under {@code CI=true}.
 */
class HsmRootedKmsTest {
    static final String LIBRARY = "/usr/lib/softhsm/libsofthsm2.so";
    static final String TOKEN = "custos-kms-test";
    static final String PIN = "2468-user";
    static final ProtectionContext SERIAL = ProtectionContext.builder().tenant("plant-7").table("device")
            .column("serial").dataClass(DataClass.DEVICE_SERIAL).build();
    private static Path home;

    @BeforeAll
    static void token() throws Exception {
        String conf = System.getenv("SOFTHSM2_CONF");
        String missing = !Files.isRegularFile(Path.of(LIBRARY)) || which("softhsm2-util") == null
                ? "SoftHSM2 is not installed (run .ci/install-deps.sh)"
                : conf == null ? "SOFTHSM2_CONF is not set (run the tests through Maven)" : null;
        if (missing != null) {
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail("CI=true and the HSM-rooted KMS test cannot run: " + missing);
            }
            Assumptions.abort(missing);
        }
        home = Path.of(conf).getParent();
        Path tokens = home.resolve("tokens");
        if (Files.exists(tokens)) {
            try (Stream<Path> files = Files.walk(tokens)) {
                for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(f);
                }
            }
        }
        Files.createDirectories(tokens);
        Files.writeString(Path.of(conf), "directories.tokendir = " + tokens + "/\nobjectstore.backend = file\n"
                + "log.level = ERROR\nslots.removable = false\n");
        Files.writeString(home.resolve("user.pin"), PIN + "\n");
        run("softhsm2-util", "--init-token", "--free", "--label", TOKEN, "--so-pin", "1357-so", "--pin", PIN);
    }

    static ProviderConfig pkcs11() {
        String unique = UUID.randomUUID().toString().substring(0, 8);
        return ProviderConfig.of(Pkcs11RootKeyProviderFactory.ID, Map.of(
                Pkcs11RootKeyProviderFactory.LIBRARY, LIBRARY,
                Pkcs11RootKeyProviderFactory.TOKEN_LABEL, TOKEN,
                Pkcs11RootKeyProviderFactory.PIN, "file:" + home.resolve("user.pin"),
                Pkcs11RootKeyProviderFactory.KEK_LABEL, "kek-" + unique,
                Pkcs11RootKeyProviderFactory.SIGNING_LABEL, "sign-" + unique,
                Pkcs11RootKeyProviderFactory.GENERATE_KEYS, "true"));
    }

    @ParameterizedTest
    @EnumSource(Backend.class)
    void kmsRootedInToken_encryptsRotatesKekAndRestoresSoftwareBackup(Backend backend) throws Exception {
        try (Fixture source = Fixture.open(backend); Fixture target = Fixture.open(backend)) {
            CustosKms software = source.kms();
            FieldProtector p = CustosCrypto.builder().keySource(software).build().randomized();
            String serial = p.encryptText("SN-0042-7781", SERIAL);
            BackupBundle backup = software.backup(CUSTODIAN, 2, 2);

            try (CustosKms hsm = CustosKms.builder().dataSource(target.dataSource).auditSink(target.audit)
                    .rootKeyProvider(Pkcs11RootKeyProviderFactory.ID, pkcs11()).config(target.config().build()).build()) {
                RestoreCeremony restore = hsm.beginRestore(CUSTODIAN, backup.archive());
                restore.approve(OFFICER1);
                restore.addShare(CUSTODIAN, backup.shares().get(0));
                restore.addShare(CUSTODIAN2, backup.shares().get(1));
                assertThat(restore.complete(CUSTODIAN)).isEqualTo(2);

                FieldProtector q = CustosCrypto.builder().keySource(hsm).build().randomized();
                assertThat(q.decryptText(serial, SERIAL)).isEqualTo("SN-0042-7781");
                assertThat(hsm.rotateKeyEncryptionKey(CUSTODIAN, "plant-7", DataClass.DEVICE_SERIAL)).isEqualTo(1);
                String second = q.encryptText("SN-0043-0001", SERIAL);
                assertThat(q.decryptText(serial, SERIAL)).isEqualTo("SN-0042-7781");
                assertThat(q.decryptText(second, SERIAL)).isEqualTo("SN-0043-0001");
                List<Map<String, Object>> kekRows = target.rows(
                        "SELECT sealed_by FROM ${s}kms_key_version WHERE kek_id IS NULL AND sealed IS NOT NULL");
                assertThat(kekRows).isNotEmpty().allSatisfy(r -> assertThat(r.get("sealed_by").toString())
                        .doesNotStartWith("test:").startsWith("pkcs11"));
            }
        }
    }

    private static String which(String tool) {
        return Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":"))
                .map(d -> Path.of(d, tool)).filter(Files::isExecutable).map(Path::toString).findFirst().orElse(null);
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(command[0] + " failed: " + out.lines().findFirst().orElse(""));
        }
    }
}
