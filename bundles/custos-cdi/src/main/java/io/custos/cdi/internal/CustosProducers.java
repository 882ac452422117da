package io.custos.cdi.internal;

import io.custos.api.error.ConfigurationException;
import io.custos.api.error.CryptoException;
import io.custos.api.error.ErrorCode;
import io.custos.cdi.CustosExtension;
import io.custos.cdi.RuntimeRegistry;
import io.custos.crypto.CustosCrypto;
import io.custos.jpa.ProtectionServices;
import io.custos.jpa.spi.KeySourceFactory;
import io.custos.spi.AuditSink;
import io.custos.spi.DataKeySource;
import io.custos.spi.ProviderSelection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * Produces the {@link ProtectionServices} the JPA layer asks for (services id {@code cdi}). The key
 * source is the application's {@link DataKeySource} bean when there is exactly one (the KMS), else the
 * {@link KeySourceFactory} whose id {@code custos.key-source} names, among CDI beans and
 * {@link ServiceLoader} providers. The audit sink is the application's {@link AuditSink} bean when there
 * is one (the tamper-evident recorder), else events are logged.
 */
@ApplicationScoped
public class CustosProducers {
    private final Instance<DataKeySource> keySources;
    private final Instance<KeySourceFactory> factories;
    private final Instance<AuditSink> sinks;
    private final RuntimeRegistry registry;
    private final CustosExtension extension;

    @Inject
    public CustosProducers(Instance<DataKeySource> keySources, Instance<KeySourceFactory> factories,
                           Instance<AuditSink> sinks, RuntimeRegistry registry, CustosExtension extension) {
        this.keySources = keySources;
        this.factories = factories;
        this.sinks = sinks;
        this.registry = registry;
        this.extension = extension;
    }

    /** Package-private for proxies. */
    CustosProducers() {
        this(null, null, null, null, null);
    }

    @Produces
    @Singleton
    public ProtectionServices services() throws CryptoException {
        ProtectionServices.Builder b = ProtectionServices.builder()
                .crypto(CustosCrypto.builder().keySource(keySource()).build())
                .onStart(registry::register);
        if (sinks.isResolvable()) {
            b.audit(sinks.get());
        }
        extension.policy().ifPresent(b::policy);
        Settings.get("custos.tenant").ifPresent(b::tenant);
        return b.build();
    }

    private DataKeySource keySource() throws CryptoException {
        if (keySources.isResolvable()) {
            return keySources.get();
        }
        String id = Settings.get("custos.key-source").orElseThrow(() -> new ConfigurationException(
                ErrorCode.CONFIG_MISSING, "custos.key-source", "Custos CDI services (no DataKeySource bean either)"));
        List<KeySourceFactory> candidates = new ArrayList<>();
        factories.forEach(candidates::add);
        ClassLoader loader = Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader() : getClass().getClassLoader();
        ServiceLoader.load(KeySourceFactory.class, loader).forEach(candidates::add);
        Map<String, Object> config = new HashMap<>();
        config.put("custos.key-source", id);
        return ProviderSelection.select("key source", id, candidates).create(config);
    }
}
