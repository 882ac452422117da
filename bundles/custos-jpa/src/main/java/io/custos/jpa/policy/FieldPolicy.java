package io.custos.jpa.policy;

import io.custos.api.DataClass;
import io.custos.api.EncryptionMode;
import io.custos.api.MaskStyle;
import io.custos.api.ProtectionLevel;
import java.util.Collection;
import java.util.Objects;
import java.util.Set;

/**
 * The effective protection of one entity field, after the policy file, the annotation and the level
 * defaults are merged.
 *
 * @param entity       the JPA entity name
 * @param attribute    the attribute name
 * @param dataClass    data class (chooses the key)
 * @param level        protection level
 * @param mode         encryption mode
 * @param blindIndex   whether a blind-index column is kept
 * @param mask         mask style for callers without a plaintext role
 * @param readRoles    roles that see plaintext; empty means every caller
 * @param legacy       whether legacy plaintext in the column is readable
 * @param columnLength the column's real width, or {@code null} for the mapping's declared length
 * @param maxBytes     the largest plaintext in UTF-8 bytes, or {@code null} for the declared length
 * @param identifier   whether exports replace the value with a pseudonym token
 * @param whenDenied   mask or refuse callers without a plaintext role
 * @param auditReads   whether reads and denials are recorded
 * @param sharedCache  whether the entity may stay in the shared cache because of this field
 */
public record FieldPolicy(String entity, String attribute, DataClass dataClass, ProtectionLevel level,
                          EncryptionMode mode, boolean blindIndex, MaskStyle mask, Set<String> readRoles,
                          boolean legacy, Integer columnLength, Integer maxBytes, boolean identifier,
                          WhenDenied whenDenied, boolean auditReads, boolean sharedCache) {

    public FieldPolicy {
        Objects.requireNonNull(entity, "entity");
        Objects.requireNonNull(attribute, "attribute");
        Objects.requireNonNull(dataClass, "dataClass");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(mask, "mask");
        Objects.requireNonNull(whenDenied, "whenDenied");
        readRoles = Set.copyOf(readRoles);
    }

    /** Whether a caller holding {@code roles} sees the plaintext. */
    public boolean mayRead(Collection<String> roles) {
        if (readRoles.isEmpty()) {
            return true;
        }
        for (String role : roles) {
            if (readRoles.contains(role)) {
                return true;
            }
        }
        return false;
    }

    /** {@code Entity.attribute}. */
    public String name() {
        return entity + "." + attribute;
    }
}
