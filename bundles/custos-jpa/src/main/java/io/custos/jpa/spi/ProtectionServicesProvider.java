package io.custos.jpa.spi;

import io.custos.api.error.CryptoException;
import io.custos.jpa.ProtectionServices;
import io.custos.spi.Identified;
import java.util.Map;

/**
 * Supplies the services of a persistence unit to {@link io.custos.jpa.CustosSessionCustomizer}. Chosen by
 * the persistence-unit property {@code custos.services} (its {@link #id()}); found with
 * {@link java.util.ServiceLoader}. {@code custos-cdi} provides id {@code cdi}; this module provides
 * {@code config}, which builds the services from persistence-unit properties.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface ProtectionServicesProvider extends Identified {

    /**
     * The services for a persistence unit.
     *
     * @param properties the persistence unit's properties
     * @throws CryptoException if they cannot be built (bad configuration, key source down)
     */
    ProtectionServices services(Map<String, Object> properties) throws CryptoException;

    /**
     * The services for a persistence unit, with the class loader of its entities (an application module's
     * loader on a server, where the thread's context loader may belong to another module). Providers that look
     * up further plug-ins ({@link java.util.ServiceLoader}, resources) use it; by default it is ignored.
     *
     * @param properties the persistence unit's properties
     * @param loader     the persistence unit's class loader
     * @throws CryptoException if they cannot be built (bad configuration, key source down)
     */
    default ProtectionServices services(Map<String, Object> properties, ClassLoader loader) throws CryptoException {
        return services(properties);
    }
}
