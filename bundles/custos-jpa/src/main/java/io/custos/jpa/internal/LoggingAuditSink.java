package io.custos.jpa.internal;

import io.custos.spi.AuditEvent;
import io.custos.spi.AuditSink;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The default sink until the tamper-evident recorder is configured: logs each event (ids and names only)
 * through java.util.logging. It is not tamper-evident.
 */
public final class LoggingAuditSink implements AuditSink {
    private static final Logger LOG = Logger.getLogger("io.custos.audit.log");

    @Override
    public void record(AuditEvent e) {
        if (LOG.isLoggable(Level.INFO)) {
            LOG.info(() -> "audit " + e.category() + " " + e.action() + " " + e.outcome() + " by " + e.actor()
                    + " on " + e.target() + (e.rowId() != null ? " row " + e.rowId() : "")
                    + (e.purpose() != null ? " purpose " + e.purpose() : ""));
        }
    }
}
