package io.custos.audit;

import io.custos.api.ProtectionLevel;
import io.custos.api.error.AuditUnavailableException;
import io.custos.api.error.ConfigurationException;
import io.custos.api.error.ErrorCode;
import io.custos.spi.AuditEvent;
import io.custos.spi.AuditSink;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * Decides, per protection level, what a caller does when its audit event cannot be recorded: fail closed
 * (the read or write is refused) or proceed. Configured by {@code custos.audit.fail-closed.levels}
 * (default {@code RESTRICTED,CRITICAL}; {@code ALL} or {@code NONE} also accepted).
 *
 * <h2>Security guarantees</h2>
 * Nothing is dropped silently: a fail-open event is logged at SEVERE as CUSTOS-5006 with its action,
 * actor and target (ids only) and counted in {@link #unrecordedCount()}.
 */
public final class FailClosedPolicy {
    private static final Logger LOG = Logger.getLogger(FailClosedPolicy.class.getName());
    public static final String PROPERTY = "custos.audit.fail-closed.levels";

    private final Set<ProtectionLevel> closed;
    private final AtomicLong unrecorded = new AtomicLong();

    public FailClosedPolicy(Set<ProtectionLevel> failClosedLevels) {
        this.closed = failClosedLevels.isEmpty() ? EnumSet.noneOf(ProtectionLevel.class) : EnumSet.copyOf(failClosedLevels);
    }

    /** @throws ConfigurationException (CUSTOS-1002) if a level name is unknown */
    public static FailClosedPolicy fromProperties(Map<String, String> properties) throws ConfigurationException {
        String v = properties.getOrDefault(PROPERTY, "RESTRICTED,CRITICAL").trim().toUpperCase(Locale.ROOT);
        if (v.equals("ALL")) {
            return new FailClosedPolicy(EnumSet.allOf(ProtectionLevel.class));
        }
        Set<ProtectionLevel> set = EnumSet.noneOf(ProtectionLevel.class);
        if (!v.equals("NONE") && !v.isEmpty()) {
            for (String s : v.split(",")) {
                try {
                    set.add(ProtectionLevel.valueOf(s.trim()));
                } catch (IllegalArgumentException e) {
                    throw new ConfigurationException(ErrorCode.CONFIG_INVALID, PROPERTY, "custos-audit",
                            "unknown level " + s.trim());
                }
            }
        }
        return new FailClosedPolicy(set);
    }

    public boolean failsClosed(ProtectionLevel level) {
        return closed.contains(level);
    }

    /**
     * Records {@code event}; if the store is unavailable, rethrows for fail-closed levels and otherwise
     * logs the loss loudly and lets the caller proceed.
     *
     * @return {@code true} if recorded, {@code false} if not recorded but the caller may proceed
     * @throws AuditUnavailableException if not recorded and {@code level} fails closed: refuse the operation
     */
    public boolean recordOrRefuse(AuditSink sink, AuditEvent event, ProtectionLevel level)
            throws AuditUnavailableException {
        try {
            sink.record(event);
            return true;
        } catch (AuditUnavailableException e) {
            if (failsClosed(level)) {
                throw e;
            }
            unrecorded.incrementAndGet();
            LOG.severe(ErrorCode.AUDIT_FAIL_OPEN.format(event.action(), event.actor(),
                    event.target() == null ? "-" : event.target(), level));
            return false;
        }
    }

    /** How many events this policy let pass unrecorded. */
    public long unrecordedCount() {
        return unrecorded.get();
    }
}
