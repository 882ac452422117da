package io.custos.jpa;

import java.util.Objects;
import java.util.Set;

/**
 * Who is reading, with which roles, and why. Built by the boundary (CDI from the MicroProfile JWT or the
 * container's security context; tests and batch jobs directly).
 *
 * @param name    the principal's name, for the audit trail
 * @param roles   the roles (JWT groups) the caller holds
 * @param purpose the purpose the caller gave, or {@code null}
 */
public record Caller(String name, Set<String> roles, String purpose) {
    public Caller {
        Objects.requireNonNull(name, "name");
        roles = Set.copyOf(roles);
    }

    public static Caller of(String name, String... roles) {
        return new Caller(name, Set.of(roles), null);
    }

    public Caller withPurpose(String newPurpose) {
        return new Caller(name, roles, newPurpose);
    }
}
