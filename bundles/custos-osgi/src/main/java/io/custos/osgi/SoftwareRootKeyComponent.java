package io.custos.osgi;

import io.custos.api.error.CryptoException;
import io.custos.crypto.software.SoftwareRootKeyProviderFactory;
import io.custos.spi.RootKeyProvider;
import java.util.Hashtable;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;

/**
 * Opens the software root-key provider from configuration PID {@value #PID} (properties
 * {@code custos.keystore.path}, {@code custos.keystore.password} as {@code env:}/{@code file:} reference,
 * {@code custos.keystore.create}) and registers it as a {@link RootKeyProvider} service with
 * {@code custos.provider.id=software}.
 */
@Component(configurationPid = SoftwareRootKeyComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
public final class SoftwareRootKeyComponent {
    public static final String PID = "io.custos.rootkey.software";

    private final RootKeyProvider provider;
    private final ServiceRegistration<RootKeyProvider> registration;

    @Activate
    public SoftwareRootKeyComponent(BundleContext context, Map<String, Object> properties) throws CryptoException {
        try (SoftwareRootKeyProviderFactory factory = new SoftwareRootKeyProviderFactory()) {
            factory.init(Configs.toProviderConfig(factory.id(), properties));
            this.provider = factory.create();
        }
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("custos.provider.id", provider.id());
        this.registration = context.registerService(RootKeyProvider.class, provider, props);
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
        provider.close();
    }
}
