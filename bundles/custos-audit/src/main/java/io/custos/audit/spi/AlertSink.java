package io.custos.audit.spi;

import io.custos.audit.alert.Alert;
import java.io.IOException;

/**
 * Where alerts go: a log, an HTTP webhook, a CDI event, a pager. Applications and integrators implement it
 * and hand it to {@code AlertEngine}.
 *
 * <h2>Security guarantees</h2>
 * Alerts carry rule names, actors, counts and audit ids only — never protected values — so a sink may
 * forward them to systems outside the data domain.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface AlertSink {

    /** A short id for messages, e.g. {@code log} or {@code webhook}. */
    String id();

    /**
     * Delivers one alert. Called from the engine's delivery thread.
     *
     * @throws IOException if delivery failed; the engine logs CUSTOS-5007 and carries on with other sinks
     */
    void publish(Alert alert) throws IOException;
}
