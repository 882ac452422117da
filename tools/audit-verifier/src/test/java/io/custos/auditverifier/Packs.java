package io.custos.auditverifier;

import io.custos.api.KeyReference;
import io.custos.api.Secret;
import io.custos.api.error.CryptoException;
import io.custos.audit.AuditConfig;
import io.custos.audit.AuditRecorder;
import io.custos.spi.AuditEvent;
import io.custos.spi.ProviderHealth;
import io.custos.spi.RootKeyProvider;
import io.custos.spi.SealedKey;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;

/** Makes a real evidence pack: a recorder on in-memory H2 signing with an in-memory EC P-256 key. */
final class Packs {
    static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    private Packs() {
    }

    /** Records 60 events one minute apart and exports minutes 10 .. 49; returns the signing key. */
    static PublicKey create(Path dir) throws Exception {
        JdbcDataSource ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:pack" + UUID.randomUUID().toString().replace("-", "") + ";DB_CLOSE_DELAY=-1");
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = g.generateKeyPair();
        try (AuditRecorder r = AuditRecorder.start(ds, new Signer(pair),
                AuditConfig.defaults().withCheckpoints(8, Duration.ZERO))) {
            for (int i = 0; i < 60; i++) {
                r.record(new AuditEvent(T0.plusSeconds(60L * i), ZoneId.of("Asia/Shanghai"), "qa-" + (i % 3),
                        AuditEvent.Category.DATA_ACCESS, "decrypt", AuditEvent.Outcome.SUCCESS, "t1", "BATCH.FORMULA",
                        Integer.toString(i), new KeyReference(3, 1), "release", Map.of("level", "CRITICAL")));
            }
            r.exportPack(T0.plusSeconds(600), T0.plusSeconds(3000), dir);
        }
        return pair.getPublic();
    }

    private record Signer(KeyPair pair) implements RootKeyProvider {
        @Override
        public String id() {
            return "test";
        }

        @Override
        public SealedKey seal(Secret dataKey, KeyReference ref) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Secret unseal(SealedKey sealed, KeyReference ref) {
            throw new UnsupportedOperationException();
        }

        @Override
        public byte[] sign(byte[] data) throws CryptoException {
            try {
                Signature s = Signature.getInstance("SHA256withECDSA");
                s.initSign(pair.getPrivate());
                s.update(data);
                return s.sign();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public PublicKey signingPublicKey() {
            return pair.getPublic();
        }

        @Override
        public String signatureAlgorithm() {
            return "SHA256withECDSA";
        }

        @Override
        public ProviderHealth health() {
            return ProviderHealth.up("test");
        }

        @Override
        public void close() {
        }
    }
}
