package io.custos.audit.cdi;

import io.custos.audit.alert.Alert;
import io.custos.audit.spi.AlertSink;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;

/**
 * Fires every alert as a CDI event of type {@link Alert}, so application beans observe them with
 * {@code void onAlert(@Observes Alert alert)}. Hand this bean to {@code AlertEngine} as an extra sink.
 * The only class of the bundle that needs CDI; the bundle imports CDI optionally.
 *
 * <h2>Security guarantees</h2>
 * Alerts hold ids, names and counts only; observers receive nothing more.
 */
@ApplicationScoped
public class CdiAlertSink implements AlertSink {
    private final Event<Alert> events;

    @Inject
    public CdiAlertSink(Event<Alert> events) {
        this.events = events;
    }

    /** For CDI proxies only. */
    protected CdiAlertSink() {
        this.events = null;
    }

    @Override
    public String id() {
        return "cdi";
    }

    @Override
    public void publish(Alert alert) {
        events.fire(alert);
    }
}
