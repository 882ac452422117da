package io.custos.audit.cdi;

import static org.assertj.core.api.Assertions.assertThat;

import io.custos.api.KeyReference;
import io.custos.audit.alert.Alert;
import io.custos.audit.alert.AlertEngine;
import io.custos.audit.alert.AlertSettings;
import io.custos.spi.AuditEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.weld.environment.se.Weld;
import org.jboss.weld.environment.se.WeldContainer;
import org.junit.jupiter.api.Test;

/** The optional CDI adapter in a real Weld container (from weld-junit5's Weld SE). */
class CdiAlertSinkTest {

    @ApplicationScoped
    public static class AlertObserver {
        private final List<Alert> seen = new CopyOnWriteArrayList<>();

        public List<Alert> seen() {
            return seen;
        }

        void onAlert(@Observes Alert alert) {
            seen.add(alert);
        }
    }

    @Test
    void keyDestroyed_firesCdiEventToObservers() {
        try (WeldContainer weld = new Weld().disableDiscovery().addBeanClasses(CdiAlertSink.class, AlertObserver.class)
                .initialize()) {
            CdiAlertSink sink = weld.select(CdiAlertSink.class).get();
            AlertObserver observer = weld.select(AlertObserver.class).get();
            AlertEngine engine = new AlertEngine(AlertSettings.defaults(), List.of(sink), Runnable::run);
            engine.accept(AuditEvent.now("custodian", AuditEvent.Category.KEY, "destroy", AuditEvent.Outcome.SUCCESS)
                    .withKey(new KeyReference(8, 1)));
            engine.accept(AuditEvent.now("custodian", AuditEvent.Category.KEY, "rotate", AuditEvent.Outcome.SUCCESS));
            assertThat(observer.seen()).singleElement().satisfies(a -> {
                assertThat(a.rule()).isEqualTo("key-event");
                assertThat(a.details()).containsEntry("keyId", "8");
            });
        }
    }
}
