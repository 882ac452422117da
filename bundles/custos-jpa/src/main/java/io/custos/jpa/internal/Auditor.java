package io.custos.jpa.internal;

import io.custos.api.KeyReference;
import io.custos.api.error.AuditUnavailableException;
import io.custos.spi.AuditEvent;
import io.custos.spi.AuditSink;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Builds and records audit events; never puts a value into one. */
public final class Auditor {
    private static final Logger LOG = Logger.getLogger(Auditor.class.getName());

    private final AuditSink sink;

    public Auditor(AuditSink sink) {
        this.sink = sink;
    }

    /**
     * Records an event that must be recorded for the operation to go ahead.
     *
     * @throws AuditUnavailableException if the sink cannot record it
     */
    public void required(String actor, String action, AuditEvent.Outcome outcome, String tenant, String target,
                         String rowId, String purpose, KeyReference key, Map<String, String> details)
            throws AuditUnavailableException {
        sink.record(event(actor, action, outcome, tenant, target, rowId, purpose, key, details));
    }

    /** Records an event about something that fails anyway; a sink failure is only logged. */
    public void bestEffort(String actor, String action, AuditEvent.Outcome outcome, String tenant, String target,
                           String rowId, String purpose, Map<String, String> details) {
        try {
            sink.record(event(actor, action, outcome, tenant, target, rowId, purpose, null, details));
        } catch (AuditUnavailableException | RuntimeException e) {
            LOG.log(Level.WARNING, "audit event {0} {1} on {2} not recorded: {3}",
                    new Object[] {action, outcome, target, e.getClass().getSimpleName()});
        }
    }

    private static AuditEvent event(String actor, String action, AuditEvent.Outcome outcome, String tenant,
                                    String target, String rowId, String purpose, KeyReference key,
                                    Map<String, String> details) {
        return AuditEvent.now(actor, AuditEvent.Category.DATA_ACCESS, action, outcome)
                .withTarget(tenant, target, rowId).withPurpose(purpose).withKey(key).withDetails(details);
    }
}
