package io.custos.kms.testing;

import io.custos.api.error.AuditUnavailableException;
import io.custos.api.error.ErrorCode;
import io.custos.spi.AuditEvent;
import io.custos.spi.AuditSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/** Keeps every event; can be told to fail for some actions. */
public final class RecordingAudit implements AuditSink {
    public final List<AuditEvent> events = new CopyOnWriteArrayList<>();
    private volatile Predicate<AuditEvent> failWhen = e -> false;

    @Override
    public void record(AuditEvent event) throws AuditUnavailableException {
        if (failWhen.test(event)) {
            throw new AuditUnavailableException(ErrorCode.AUDIT_UNAVAILABLE, "test sink refuses " + event.action());
        }
        events.add(event);
    }

    public void failWhen(Predicate<AuditEvent> p) {
        this.failWhen = p;
    }

    public List<AuditEvent> action(String action) {
        return events.stream().filter(e -> e.action().equals(action)).toList();
    }
}
