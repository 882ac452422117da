package io.custos.jpa.policy;

import io.custos.api.EncryptionMode;
import io.custos.api.MaskStyle;
import io.custos.api.ProtectionLevel;
import java.util.Objects;
import java.util.Set;

/**
 * The defaults a protection level gives its fields, and the entity-wide rules it imposes.
 *
 * @param level       the level
 * @param mode        default encryption mode
 * @param blindIndex  whether fields keep a blind index by default
 * @param mask        default mask style
 * @param readRoles   roles that see plaintext by default; empty means every caller
 * @param sharedCache whether entities with fields of this level may stay in EclipseLink's shared cache
 * @param auditReads  whether every plaintext read (and every denial) is recorded
 * @param whenDenied  mask or refuse callers without a plaintext role
 */
public record LevelPolicy(ProtectionLevel level, EncryptionMode mode, boolean blindIndex, MaskStyle mask,
                          Set<String> readRoles, boolean sharedCache, boolean auditReads, WhenDenied whenDenied) {

    public LevelPolicy {
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(mask, "mask");
        Objects.requireNonNull(whenDenied, "whenDenied");
        readRoles = Set.copyOf(readRoles);
    }

    /** The built-in defaults, used where the policy file does not describe a level. */
    public static LevelPolicy defaults(ProtectionLevel level) {
        return switch (level) {
            case INHERIT, INTERNAL -> new LevelPolicy(ProtectionLevel.INTERNAL, EncryptionMode.RANDOMIZED, false,
                    MaskStyle.REDACT, Set.of(), true, false, WhenDenied.MASK);
            case CONFIDENTIAL -> new LevelPolicy(level, EncryptionMode.RANDOMIZED, false, MaskStyle.REDACT,
                    Set.of("custos-confidential"), true, false, WhenDenied.MASK);
            case RESTRICTED -> new LevelPolicy(level, EncryptionMode.RANDOMIZED, false, MaskStyle.REDACT,
                    Set.of("custos-restricted"), true, true, WhenDenied.MASK);
            case CRITICAL -> new LevelPolicy(level, EncryptionMode.RANDOMIZED, false, MaskStyle.REDACT,
                    Set.of("custos-critical"), false, true, WhenDenied.MASK);
        };
    }
}
