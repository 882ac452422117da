package io.custos.admin.it;

import io.custos.api.DataClass;
import io.custos.crypto.software.SoftwareRootKeyProviderFactory;
import io.custos.kms.Actor;
import io.custos.kms.BackupBundle;
import io.custos.kms.BackupShare;
import io.custos.kms.CustosKms;
import io.custos.kms.KeyInfo;
import io.custos.kms.Role;
import io.custos.spi.KeyScope;
import io.custos.spi.KeyUsage;
import io.custos.spi.ProviderConfig;
import io.custos.spi.RootKeyProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;

/**
 * A backup taken by another Custos instance (a KMS in this JVM with its own root key and database), written to
 * the backup folder as the admin API writes its own, for the restore test on a fresh server.
 */
final class RestoreFixture {
    /** What was backed up; {@code shares} are the printed share texts. */
    record Backup(String backupId, int keyCount, List<Long> keyIds, List<String> shares) {
        List<String> shareValues() {
            return shares.stream().map(s -> s.substring(s.lastIndexOf(':') + 1)).toList();
        }
    }

    private RestoreFixture() {
    }

    static Backup backupFromAnotherInstance(Path work, Path backups) throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:other" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1");
        SoftwareRootKeyProviderFactory factory = new SoftwareRootKeyProviderFactory();
        factory.init(ProviderConfig.of("software", Map.of(SoftwareRootKeyProviderFactory.PATH,
                work.resolve("other-root.p12").toString(), SoftwareRootKeyProviderFactory.PASSWORD,
                "another-instance-test-password", SoftwareRootKeyProviderFactory.CREATE, "true")));
        try (RootKeyProvider root = factory.create();
             CustosKms kms = CustosKms.builder().dataSource(ds).rootKeyProvider(root).auditSink(e -> { }).build()) {
            Actor custodian = Actor.of("other.custodian", Role.KEY_CUSTODIAN);
            List<Long> ids = new ArrayList<>();
            for (DataClass c : List.of(DataClass.PATIENT_CLINICAL, DataClass.FORMULA)) {
                KeyInfo k = kms.createKey(custodian, new KeyScope("restored", c, null, KeyUsage.FIELD_ENCRYPTION), true);
                kms.rotate(custodian, k.keyId());
                ids.add(k.keyId());
            }
            try (BackupBundle b = kms.backup(custodian, 3, 2)) {
                Path dir = Files.createDirectories(backups.resolve(b.backupId()));
                Files.write(dir.resolve("archive.bin"), b.archive());
                List<String> shares = new ArrayList<>();
                for (BackupShare s : b.shares()) {
                    shares.add(new String(s.toText()));
                }
                return new Backup(b.backupId(), b.keyCount(), ids, shares);
            }
        } finally {
            factory.close();
        }
    }
}
