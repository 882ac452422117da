package io.custos.kms.internal;

import io.custos.api.KeyReference;
import io.custos.api.error.AccessDeniedException;
import io.custos.api.error.AuditUnavailableException;
import io.custos.api.error.CryptoException;
import io.custos.spi.AuditEvent;
import io.custos.spi.AuditSink;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Emits one {@link AuditEvent} per key operation: who, what, which key and version, outcome. Success events
 * are recorded inside the operation's transaction, so an audit store that is down aborts the change (fail
 * closed); failure events are best effort.
 */
final class Audit {
    private static final Logger LOG = Logger.getLogger(Audit.class.getName());

    private final AuditSink sink;
    private final Clock clock;

    Audit(AuditSink sink, Clock clock) {
        this.sink = sink;
        this.clock = clock;
    }

    void success(String actor, String action, String tenant, String target, KeyReference key,
                 Map<String, String> details) throws AuditUnavailableException {
        sink.record(event(actor, action, AuditEvent.Outcome.SUCCESS, tenant, target, key, details));
    }

    void failure(String actor, String action, String tenant, String target, KeyReference key, CryptoException why) {
        AuditEvent.Outcome outcome = why instanceof AccessDeniedException
                ? AuditEvent.Outcome.DENIED : AuditEvent.Outcome.FAILED;
        try {
            sink.record(event(actor, action, outcome, tenant, target, key, Map.of("error", why.code().id())));
        } catch (AuditUnavailableException | RuntimeException e) {
            LOG.log(Level.WARNING, "custos-kms: could not audit failed {0} by {1} ({2})",
                    new Object[] {action, actor, why.code().id()});
        }
    }

    private AuditEvent event(String actor, String action, AuditEvent.Outcome outcome, String tenant, String target,
                             KeyReference key, Map<String, String> details) {
        return new AuditEvent(clock.instant(), ZoneId.systemDefault(), actor, AuditEvent.Category.KEY, action, outcome,
                tenant, target, null, key, null, details);
    }
}
