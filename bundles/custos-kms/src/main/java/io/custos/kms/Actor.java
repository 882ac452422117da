package io.custos.kms;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Who performs a KMS operation: the authenticated principal and the roles it holds. Passed explicitly to
 * every administrative call, so the KMS enforces separation of duties without a container security API.
 *
 * <h2>Security guarantees</h2>
 * Carries no credential: the caller (REST layer, batch job) authenticates the principal and maps its
 * groups to roles before calling the KMS, which then enforces the duties.
 *
 * @param principal the user, service or device name (1..128 characters, no control characters)
 * @param roles     the roles granted to the principal
 */
public record Actor(String principal, Set<Role> roles) {
    private static final Actor SYSTEM = new Actor("system", Set.of(Role.KEY_CUSTODIAN));

    public Actor {
        Objects.requireNonNull(principal, "principal");
        if (principal.isBlank() || principal.length() > 128
                || principal.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("principal must have 1..128 printable characters");
        }
        roles = roles == null || roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    }

    public static Actor of(String principal, Role... roles) {
        return new Actor(principal, roles.length == 0 ? Set.of() : EnumSet.of(roles[0], roles));
    }

    /** The KMS itself, for scheduled rotation and destruction: a key custodian named {@code system}. */
    public static Actor system() {
        return SYSTEM;
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }
}
