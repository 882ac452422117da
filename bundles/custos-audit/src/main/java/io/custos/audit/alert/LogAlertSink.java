package io.custos.audit.alert;

import io.custos.audit.spi.AlertSink;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Writes alerts to {@code java.util.logging} (logger {@code io.custos.audit.alert}): CRITICAL as SEVERE,
 * else WARNING.
 *
 * <h2>Security guarantees</h2>
 * Logs the alert's JSON, which holds ids, names and counts only.
 */
public final class LogAlertSink implements AlertSink {
    private static final Logger LOG = Logger.getLogger("io.custos.audit.alert");

    @Override
    public String id() {
        return "log";
    }

    @Override
    public void publish(Alert alert) {
        LOG.log(alert.severity() == Alert.Severity.CRITICAL ? Level.SEVERE : Level.WARNING,
                () -> "CUSTOS ALERT " + alert.toJson());
    }
}
