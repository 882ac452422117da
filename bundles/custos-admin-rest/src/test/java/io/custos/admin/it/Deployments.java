package io.custos.admin.it;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The WAR as Maven built it, with a test configuration: the test's token-signing public key, a fresh software
 * keystore (its password in an owner-only file, referenced as {@code file:}), and a backup directory.
 */
final class Deployments {
    static final Path WORK = Path.of(System.getProperty("custos.admin.workDir", "target/it-work")).toAbsolutePath();
    static final Path BACKUPS = WORK.resolve("backups");
    /** The root-key keystore password of the last deployment made, for the secret-leak scan. */
    static volatile String lastKeystorePassword;
    /** The software root-key keystore of the last deployment made. */
    static volatile Path lastKeystore;

    private Deployments() {
    }

    static WebArchive adminWar() {
        return adminWar("");
    }

    /** The WAR with the test configuration plus {@code extraConfig} (properties lines). */
    static WebArchive adminWar(String extraConfig) {
        try {
            Files.createDirectories(WORK.resolve("micro-tmp"));
            Path run = Files.createTempDirectory(WORK, "run-");
            Path password = run.resolve("keystore.pw");
            byte[] pw = new byte[24];
            new SecureRandom().nextBytes(pw);
            lastKeystorePassword = HexFormat.of().formatHex(pw);
            lastKeystore = run.resolve("keystore.p12");
            Files.writeString(password, lastKeystorePassword, StandardCharsets.US_ASCII);
            String config = String.join("\n",
                    "mp.jwt.verify.publickey=" + Tokens.publicKeyBase64(),
                    "mp.jwt.verify.issuer=" + Tokens.ISSUER,
                    "mp.jwt.verify.audiences=" + Tokens.AUDIENCE,
                    "custos.root-key.provider=software",
                    "custos.admin.jdbc.url=jdbc:h2:mem:custos-admin;DB_CLOSE_DELAY=-1",
                    "custos.keystore.path=" + run.resolve("keystore.p12"),
                    "custos.keystore.password=file:" + password,
                    "custos.keystore.create=true",
                    "custos.admin.backup.dir=" + BACKUPS,
                    "custos.audit.checkpoint.every-events=100",
                    "custos.kms.waiting-period.min-days=0",
                    "custos.admin.maintenance.interval=PT2S",
                    "") + extraConfig;
            File war = new File(System.getProperty("custos.admin.war", "target/custos-admin-rest.war"));
            WebArchive archive = ShrinkWrap.createFromZipFile(WebArchive.class, war);
            archive.delete("/WEB-INF/classes/META-INF/microprofile-config.properties");
            archive.addAsResource(new StringAsset(config), "META-INF/microprofile-config.properties");
            return archive;
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare the test deployment", e);
        }
    }
}
