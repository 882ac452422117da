package io.custos.examples.payara;

import io.custos.api.error.CryptoException;
import io.custos.audit.AuditRecorder;
import io.custos.kms.CustosKms;
import io.custos.spi.RootKeyProvider;
import io.custos.spi.RootKeyProviderFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The KMS, audit recorder and root-key provider of this web application, one set per data source. Payara
 * builds a persistence unit more than once while it deploys (validation, then the real factory), so the
 * provider shares one KMS rather than starting a second cache and checkpoint timer; the servlet listener
 * closes them when the application stops. The map lives in a class of the WAR, so each deployment has its own.
 */
final class KmsServices {
    /** Starts the services; may throw. */
    interface Starter {
        KmsServices start() throws CryptoException;
    }

    private static final Map<String, KmsServices> OPEN = new HashMap<>();

    private final CustosKms kms;
    private final AuditRecorder audit;
    private final RootKeyProvider rootKeys;
    private final RootKeyProviderFactory factory;

    KmsServices(CustosKms kms, AuditRecorder audit, RootKeyProvider rootKeys, RootKeyProviderFactory factory) {
        this.kms = kms;
        this.audit = audit;
        this.rootKeys = rootKeys;
        this.factory = factory;
    }

    static synchronized KmsServices shared(String dataSource, Starter starter) throws CryptoException {
        KmsServices s = OPEN.get(dataSource);
        if (s == null) {
            s = starter.start();
            OPEN.put(dataSource, s);
        }
        return s;
    }

    /** The set this application opened on {@code dataSource}, if any. */
    static synchronized Optional<KmsServices> opened(String dataSource) {
        return Optional.ofNullable(OPEN.get(dataSource));
    }

    CustosKms kms() {
        return kms;
    }

    AuditRecorder audit() {
        return audit;
    }

    /** Closes every set this application opened: unsealed keys are dropped, the audit log's timer stops. */
    static synchronized void closeAll() {
        for (KmsServices s : OPEN.values()) {
            s.close();
        }
        OPEN.clear();
    }

    void close() {
        kms.close();
        audit.close();
        rootKeys.close();
        factory.close();
    }
}
