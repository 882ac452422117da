package io.custos.bench.kms;

import io.custos.api.KeyReference;
import io.custos.api.Secret;
import io.custos.api.error.CryptoException;
import io.custos.crypto.software.SoftwareRootKeyProviderFactory;
import io.custos.kms.CustosKms;
import io.custos.kms.KmsConfig;
import io.custos.spi.ProviderConfig;
import io.custos.spi.ProviderHealth;
import io.custos.spi.RootKeyProvider;
import io.custos.spi.SealedKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.h2.jdbcx.JdbcDataSource;

/**
 * A KMS for benchmarks: an in-memory H2 key store, the software root-key provider (a PKCS#12 keystore in
 * a temporary folder) behind a wrapper that counts root-key calls, and an audit sink that drops events.
 */
public final class KmsBench implements AutoCloseable {
    /** Counts seal and unseal calls to the root-key provider. */
    static final class CountingRoot implements RootKeyProvider {
        final AtomicLong seals = new AtomicLong();
        final AtomicLong unseals = new AtomicLong();
        private final RootKeyProvider delegate;

        CountingRoot(RootKeyProvider delegate) {
            this.delegate = delegate;
        }

        long calls() {
            return seals.get() + unseals.get();
        }

        void reset() {
            seals.set(0);
            unseals.set(0);
        }

        @Override
        public String id() {
            return delegate.id();
        }

        @Override
        public SealedKey seal(Secret dataKey, KeyReference ref) throws CryptoException {
            seals.incrementAndGet();
            return delegate.seal(dataKey, ref);
        }

        @Override
        public Secret unseal(SealedKey sealed, KeyReference ref) throws CryptoException {
            unseals.incrementAndGet();
            return delegate.unseal(sealed, ref);
        }

        @Override
        public byte[] sign(byte[] data) throws CryptoException {
            return delegate.sign(data);
        }

        @Override
        public PublicKey signingPublicKey() throws CryptoException {
            return delegate.signingPublicKey();
        }

        @Override
        public String signatureAlgorithm() {
            return delegate.signatureAlgorithm();
        }

        @Override
        public ProviderHealth health() {
            return delegate.health();
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    final CountingRoot root;
    final JdbcDataSource dataSource;
    private final Path dir;
    private final SoftwareRootKeyProviderFactory factory = new SoftwareRootKeyProviderFactory();

    public KmsBench() throws IOException, CryptoException {
        dir = Files.createTempDirectory("custos-kms-bench");
        factory.init(ProviderConfig.of(SoftwareRootKeyProviderFactory.ID, Map.of(
                SoftwareRootKeyProviderFactory.PATH, dir.resolve("root.p12").toString(),
                SoftwareRootKeyProviderFactory.PASSWORD, "benchmark-only-password",
                SoftwareRootKeyProviderFactory.CREATE, "true")));
        root = new CountingRoot(factory.create());
        dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:kmsbench-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    }

    /** A new KMS instance on this bench's store (each has its own, cold cache). */
    public CustosKms kms() throws CryptoException {
        return CustosKms.builder().dataSource(dataSource).rootKeyProvider(root).auditSink(event -> { })
                .config(KmsConfig.defaults()).build();
    }

    @Override
    public void close() throws IOException {
        root.close();
        factory.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
