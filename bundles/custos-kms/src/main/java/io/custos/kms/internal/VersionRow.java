package io.custos.kms.internal;

import io.custos.api.KeyReference;
import io.custos.kms.KeyState;
import io.custos.kms.KeyVersionInfo;
import java.time.Instant;

/** One row of {@code kms_key_version}. {@code sealed} is null once destroyed. */
record VersionRow(long keyId, long version, KeyState state, byte[] sealed, String sealedBy, Long kekId,
                  Long kekVersion, long reservedUses, Instant createdAt, Instant activatedAt,
                  Instant deactivatedAt, Instant compromisedAt, Instant destroyedAt) {

    KeyReference ref() {
        return new KeyReference(keyId, version);
    }

    KeyVersionInfo info() {
        return new KeyVersionInfo(ref(), state, kekId == null ? sealedBy : "key " + kekId + " v" + kekVersion,
                createdAt, activatedAt, deactivatedAt, compromisedAt, destroyedAt);
    }

    @Override
    public String toString() {
        return "VersionRow[" + ref() + ", " + state + "]";
    }
}
