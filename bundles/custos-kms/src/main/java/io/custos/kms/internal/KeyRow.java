package io.custos.kms.internal;

import io.custos.api.DataClass;
import io.custos.spi.KeyUsage;
import java.time.Instant;

/** One row of {@code kms_key}: a data key or, with usage {@value #KEK}, a key-encryption key. */
record KeyRow(long keyId, String tenant, DataClass dataClass, String subject, String usage, long currentVersion,
              long minVersion, boolean shredded, Instant createdAt, long rowVersion) {
    static final String KEK = "KEK";
    /** Stored for class-wide keys, so the scope's unique constraint also covers them. */
    static final String NO_SUBJECT = "";

    boolean isKek() {
        return KEK.equals(usage);
    }

    KeyUsage keyUsage() {
        return isKek() ? null : KeyUsage.valueOf(usage);
    }

    static String storedSubject(String subject) {
        return subject == null ? NO_SUBJECT : subject;
    }
}
