package io.custos.audit.testing;

import io.custos.api.KeyReference;
import io.custos.spi.AuditEvent;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;

/** Sample events. */
public final class Events {
    private Events() {
    }

    public static AuditEvent read(String actor, int i) {
        return new AuditEvent(Instant.now(), ZoneId.of("Asia/Shanghai"), actor, AuditEvent.Category.DATA_ACCESS,
                "decrypt", AuditEvent.Outcome.SUCCESS, "t1", "PATIENT.NAME", Integer.toString(i), new KeyReference(7, 3),
                "treatment", Map.of("level", "CRITICAL", "n", Integer.toString(i)));
    }

    public static AuditEvent at(Instant time, String actor, int i) {
        return new AuditEvent(time, ZoneId.of("UTC"), actor, AuditEvent.Category.DATA_ACCESS, "decrypt",
                AuditEvent.Outcome.SUCCESS, "t1", "DEVICE.SERIAL", Integer.toString(i), null, null, Map.of());
    }
}
