package io.custos.audit.testing;

import io.custos.crypto.software.SoftwareRootKeyProviderFactory;
import io.custos.spi.ProviderConfig;
import io.custos.spi.RootKeyProvider;
import java.nio.file.Path;
import java.util.Map;

/** Opens (creating if needed) the software keystore that several JVMs share in the multi-instance tests. */
public final class Keystores {
    public static final String TEST_PASSWORD = "audit-test-keystore-pw";

    private Keystores() {
    }

    public static RootKeyProvider open(Path keystore) throws Exception {
        SoftwareRootKeyProviderFactory f = new SoftwareRootKeyProviderFactory();
        f.init(ProviderConfig.of("software", Map.of(
                SoftwareRootKeyProviderFactory.PATH, keystore.toString(),
                SoftwareRootKeyProviderFactory.PASSWORD, TEST_PASSWORD,
                SoftwareRootKeyProviderFactory.CREATE, "true")));
        try {
            return f.create();
        } finally {
            f.close();
        }
    }
}
