package io.custos.kms;

import java.time.Instant;
import java.util.Set;

/**
 * A scheduled destruction.
 *
 * <h2>Security guarantees</h2>
 * Ids, names and instants only; safe to log and audit.
 *
 * @param id          the request id
 * @param target      what it destroys
 * @param requestedBy the key custodian who asked
 * @param requestedAt when
 * @param notBefore   the end of the waiting period
 * @param status      pending, cancelled or executed
 * @param approvers   the distinct security officers who approved
 * @param decidedBy   who cancelled or executed it, or {@code null}
 * @param decidedAt   when, or {@code null}
 */
public record DestructionRequest(long id, DestructionTarget target, String requestedBy, Instant requestedAt,
                                 Instant notBefore, Status status, Set<String> approvers, String decidedBy,
                                 Instant decidedAt) {

    public enum Status { PENDING, CANCELLED, EXECUTED }

    public DestructionRequest {
        approvers = Set.copyOf(approvers);
    }
}
