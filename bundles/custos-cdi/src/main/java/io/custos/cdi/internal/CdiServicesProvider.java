package io.custos.cdi.internal;

import io.custos.jpa.ProtectionServices;
import io.custos.jpa.spi.ProtectionServicesProvider;
import jakarta.enterprise.inject.spi.CDI;
import java.util.Map;

/**
 * Services id {@code cdi}: the persistence unit (created by the container, which knows nothing of CDI
 * beans) gets its services from the CDI container of the application.
 */
public final class CdiServicesProvider implements ProtectionServicesProvider {
    @Override
    public String id() {
        return "cdi";
    }

    @Override
    public ProtectionServices services(Map<String, Object> properties) {
        return CDI.current().select(ProtectionServices.class).get();
    }
}
