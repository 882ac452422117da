package io.custos.admin.internal;

import io.custos.spi.ProviderHealth;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

/**
 * MicroProfile Health: ready when the key store, the audit store and the root-key provider answer. The
 * response names each component and its state; nothing else.
 */
public final class CustosHealth {
    private CustosHealth() {
    }

    /** Readiness: the components a request needs. */
    @Readiness
    @ApplicationScoped
    public static class Ready implements HealthCheck {
        @Inject
        AdminRuntime runtime;

        @Override
        public HealthCheckResponse call() {
            boolean keyStore;
            try {
                runtime.kms().refresh();
                keyStore = runtime.store().reachable();
            } catch (Exception e) {
                keyStore = false;
            }
            boolean auditStore;
            try {
                runtime.audit().latestCheckpoint();
                auditStore = true;
            } catch (Exception e) {
                auditStore = false;
            }
            ProviderHealth root = runtime.rootKeys().health();
            return HealthCheckResponse.named("custos-admin")
                    .status(keyStore && auditStore && root.isUp())
                    .withData("keyStore", keyStore ? "UP" : "DOWN")
                    .withData("auditStore", auditStore ? "UP" : "DOWN")
                    .withData("rootKeyProvider", runtime.rootKeys().id() + " " + root.status())
                    .build();
        }
    }

    /** Liveness: the services were built and not closed. */
    @Liveness
    @ApplicationScoped
    public static class Live implements HealthCheck {
        @Inject
        AdminRuntime runtime;

        @Override
        public HealthCheckResponse call() {
            return HealthCheckResponse.named("custos-admin-live").status(runtime.kms() != null).build();
        }
    }
}
