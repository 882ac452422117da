package io.custos.osgi;

import io.custos.crypto.keys.InMemoryKeySource;
import io.custos.spi.DataKeySource;
import java.util.Hashtable;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;

/**
 * For demos and tests only: registers an in-memory {@link DataKeySource} ({@code custos.keysource=memory})
 * when configuration PID {@value #PID} exists. Production configures the KMS instead.
 */
@Component(configurationPid = InMemoryKeySourceComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
public final class InMemoryKeySourceComponent {
    public static final String PID = "io.custos.keysource.memory";

    private final ServiceRegistration<DataKeySource> registration;

    @Activate
    public InMemoryKeySourceComponent(BundleContext context, Map<String, Object> properties) {
        long budget = Configs.longValue(properties, "custos.keysource.budget", InMemoryKeySource.DEFAULT_BUDGET);
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("custos.keysource", "memory");
        this.registration = context.registerService(DataKeySource.class, new InMemoryKeySource(budget), props);
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
    }
}
