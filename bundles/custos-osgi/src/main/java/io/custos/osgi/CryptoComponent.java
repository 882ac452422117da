package io.custos.osgi;

import io.custos.api.BlindIndexer;
import io.custos.api.FieldProtector;
import io.custos.api.Pseudonymizer;
import io.custos.crypto.CustosCrypto;
import io.custos.spi.DataKeySource;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Publishes the engine's primitives over whichever {@link DataKeySource} the configuration selects
 * (reference target {@code keySource.target}, e.g. {@code (custos.keysource=kms)}): two
 * {@link FieldProtector}s ({@code custos.mode=randomized|deterministic}), a {@link BlindIndexer} and a
 * {@link Pseudonymizer}. Configuration PID {@value #PID}: {@code custos.maxValueBytes},
 * {@code custos.blindIndexBits}.
 */
@Component(configurationPid = CryptoComponent.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL, immediate = true)
public final class CryptoComponent {
    public static final String PID = "io.custos.crypto";

    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    @Activate
    public CryptoComponent(BundleContext context, Map<String, Object> properties,
                           @Reference(name = "keySource") DataKeySource keySource) {
        CustosCrypto crypto = CustosCrypto.builder().keySource(keySource)
                .maxValueBytes((int) Configs.longValue(properties, "custos.maxValueBytes", CustosCrypto.DEFAULT_MAX_VALUE_BYTES))
                .build();
        int bits = (int) Configs.longValue(properties, "custos.blindIndexBits", 64);
        registrations.add(context.registerService(FieldProtector.class, crypto.randomized(), mode("randomized")));
        registrations.add(context.registerService(FieldProtector.class, crypto.deterministic(), mode("deterministic")));
        registrations.add(context.registerService(BlindIndexer.class, crypto.blindIndexer(bits), new Hashtable<>(Map.of("custos.bits", bits))));
        registrations.add(context.registerService(Pseudonymizer.class, crypto.pseudonymizer(), new Hashtable<>()));
    }

    private static Hashtable<String, Object> mode(String mode) {
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("custos.mode", mode);
        return props;
    }

    @Deactivate
    void deactivate() {
        registrations.forEach(ServiceRegistration::unregister);
        registrations.clear();
    }
}
