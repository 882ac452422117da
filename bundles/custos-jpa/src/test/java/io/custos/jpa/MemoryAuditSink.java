package io.custos.jpa;

import io.custos.api.error.AuditUnavailableException;
import io.custos.api.error.ErrorCode;
import io.custos.spi.AuditEvent;
import io.custos.spi.AuditSink;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps audit events in memory; can be switched to failing, to test fail-closed behaviour. */
public final class MemoryAuditSink implements AuditSink {
    public final List<AuditEvent> events = new CopyOnWriteArrayList<>();
    public volatile boolean down;

    @Override
    public void record(AuditEvent event) throws AuditUnavailableException {
        if (down) {
            throw new AuditUnavailableException(ErrorCode.AUDIT_UNAVAILABLE, "test sink is down");
        }
        events.add(event);
    }
}
