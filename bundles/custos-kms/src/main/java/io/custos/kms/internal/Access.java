package io.custos.kms.internal;

import io.custos.api.error.ErrorCode;
import io.custos.kms.Actor;
import io.custos.kms.DutyViolationException;
import io.custos.kms.Role;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Role checks of the KMS API: each operation names the roles that may perform it. */
final class Access {
    private Access() {
    }

    static void require(Actor actor, String action, Role... anyOf) throws DutyViolationException {
        for (Role r : anyOf) {
            if (actor.has(r)) {
                return;
            }
        }
        throw new DutyViolationException(ErrorCode.KMS_ROLE_REQUIRED, actor.principal(),
                Arrays.stream(anyOf).map(Role::id).collect(Collectors.joining(" or ")), action);
    }

    /** Refuses an approval by the principal who made the request. */
    static void notRequester(Actor actor, String requester, String what, String action)
            throws DutyViolationException {
        if (actor.principal().equals(requester)) {
            throw new DutyViolationException(ErrorCode.KMS_DUTY_CONFLICT, actor.principal(), "requested " + what,
                    action);
        }
    }
}
