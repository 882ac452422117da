package io.custos.osgi;

import io.custos.api.error.CryptoException;
import io.custos.audit.AuditConfig;
import io.custos.audit.AuditRecorder;
import io.custos.spi.AuditSink;
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
 * Starts the tamper-evident audit recorder on the {@link DataSource} and signer the configuration selects
 * (reference targets {@code dataSource.target}, {@code signer.target}; recorder settings under
 * {@code custos.audit.*}) and registers it as the {@link AuditSink} ({@code custos.audit=recorder}).
 */
@Component(configurationPid = AuditComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, immediate = true)
public final class AuditComponent {
    public static final String PID = "io.custos.audit";

    private final AuditRecorder recorder;
    private final ServiceRegistration<AuditSink> registration;

    @Activate
    public AuditComponent(BundleContext context, Map<String, Object> properties,
                          @Reference(name = "dataSource") DataSource dataSource,
                          @Reference(name = "signer") RootKeyProvider signer) throws CryptoException {
        this.recorder = AuditRecorder.start(dataSource, signer, AuditConfig.fromProperties(Configs.strings(properties)));
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("custos.audit", "recorder");
        this.registration = context.registerService(AuditSink.class, recorder, props);
    }

    @Deactivate
    void deactivate() {
        registration.unregister();
        recorder.close();
    }
}
