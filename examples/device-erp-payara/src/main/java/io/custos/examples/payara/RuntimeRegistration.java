package io.custos.examples.payara;

import io.custos.api.error.CryptoException;
import io.custos.cdi.RuntimeRegistry;
import io.custos.jpa.ProtectionRuntime;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import java.util.logging.Logger;
import javax.naming.InitialContext;
import javax.naming.NamingException;
import org.eclipse.persistence.jpa.JpaEntityManagerFactory;

/**
 * Payara (like GlassFish) builds every persistence unit while it prepares the application, before CDI has
 * started, so a unit cannot take its services from CDI there ({@code custos.services=cdi} fails with
 * "Unable to access CDI"). The sample ERP's unit therefore takes them from its own properties
 * ({@code custos.services=config}), and this listener hands the unit's protection runtime to the CDI
 * masking interceptor when the web application starts (after CDI, before the first request). Without it
 * the interceptor would find no runtime and leave results unmasked. With the runtime it also starts the
 * {@link ReencryptionWorker} (the admin API's re-encryption jobs on this unit's tables) and closes it when the
 * application stops.
 *
 * <p>Declared with the unit reference {@value #UNIT_REF} in this jar's {@code META-INF/web-fragment.xml}, so
 * the ERP's WAR needs no change: Payara does not process annotations on classes in {@code WEB-INF/lib}.
 */
public class RuntimeRegistration implements ServletContextListener {
    private static final Logger LOG = Logger.getLogger(RuntimeRegistration.class.getName());
    static final String UNIT_REF = "java:comp/env/persistence/device-erp";
    private ReencryptionWorker worker;

    @Override
    public void contextInitialized(ServletContextEvent event) {
        try {
            EntityManagerFactory emf = InitialContext.doLookup(UNIT_REF);
            // the server hands out its own wrapper: unwrap it to EclipseLink's factory
            ProtectionRuntime runtime = ProtectionRuntime.of(emf.unwrap(JpaEntityManagerFactory.class));
            // the module's own bean manager: CDI.current() cannot tell which one a class in an EAR belongs to
            BeanManager beans = InitialContext.doLookup("java:comp/BeanManager");
            beans.createInstance().select(RuntimeRegistry.class).get().register(runtime);
            LOG.info("device-erp: protection runtime of unit device-erp registered with the masking interceptor");
            worker = ReencryptionWorker.start(runtime);
        } catch (NamingException e) {
            throw new IllegalStateException("device-erp: " + UNIT_REF + ", java:comp/BeanManager, the worker's data"
                    + " source or " + ReencryptionWorker.EXECUTOR + " not found", e);
        } catch (CryptoException e) {
            // numbered message only (ids and names); the application does not start without its worker
            throw new IllegalStateException("device-erp: re-encryption worker: " + e.getMessage());
        }
    }

    /** Stops the re-encryption worker, then drops the KMS's unsealed keys and stops the audit log's timer of this application (services {@code kms}). */
    @Override
    public void contextDestroyed(ServletContextEvent event) {
        if (worker != null) {
            worker.close();
        }
        KmsServices.closeAll();
    }
}
