package io.custos.osgi;

import io.custos.api.error.CryptoException;
import io.custos.kms.CustosKms;
import io.custos.kms.KmsConfig;
import io.custos.spi.AuditSink;
import io.custos.spi.DataKeySource;
import io.custos.spi.RootKeyProvider;
import java.util.Hashtable;
import java.util.Map;
import javax.sql.DataSource;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Starts the KMS on the {@link DataSource}, {@link RootKeyProvider} and {@link AuditSink} the
 * configuration selects (reference targets {@code dataSource.target}, {@code rootKeyProvider.target},
 * {@code auditSink.target}; KMS settings under {@code custos.kms.*}) and registers it as
 * {@link DataKeySource} and {@link CustosKms} with {@code custos.keysource=kms}.
 */
@Component(configurationPid = KmsComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
public final class KmsComponent {
    public static final String PID = "io.custos.kms";

    private final CustosKms kms;
    private final ServiceRegistration<?> registration;

    @Activate
    public KmsComponent(BundleContext context, Map<String, Object> properties,
                        @Reference(name = "dataSource") DataSource dataSource,
                        @Reference(name = "rootKeyProvider") RootKeyProvider rootKeyProvider,
                        @Reference(name = "auditSink") AuditSink auditSink) throws CryptoException {
        this.kms = CustosKms.builder().dataSource(dataSource).rootKeyProvider(rootKeyProvider).auditSink(auditSink)
                .config(KmsConfig.fromProperties(Configs.strings(properties))).build();
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("custos.keysource", "kms");
        this.registration = context.registerService(new String[] {DataKeySource.class.getName(), CustosKms.class.getName()},
                kms, props);
    }

    @Deactivate
    void deactivate() throws Exception {
        registration.unregister();
        kms.close();
    }
}
