package io.custos.kms;

import io.custos.api.DataClass;
import java.time.Instant;

/**
 * An encrypt-only grant for one tenant partition and data class, for an edge device or cloud application.
 *
 * <h2>Security guarantees</h2>
 * Holds no token: the bearer token exists only in {@link IssuedGrant} and, hashed, in the store.
 *
 * @param grantId   the public id
 * @param tenant    the partition it may encrypt for
 * @param dataClass the data class it may encrypt
 * @param device    the device or application it was issued to
 * @param issuedBy  the key custodian who issued it
 * @param issuedAt  when
 * @param expiresAt when it stops working
 * @param revokedAt when it was revoked, or {@code null}
 */
public record EdgeGrant(String grantId, String tenant, DataClass dataClass, String device, String issuedBy,
                        Instant issuedAt, Instant expiresAt, Instant revokedAt) {

    /** Whether the grant works at {@code now}. */
    public boolean validAt(Instant now) {
        return revokedAt == null && now.isBefore(expiresAt);
    }
}
