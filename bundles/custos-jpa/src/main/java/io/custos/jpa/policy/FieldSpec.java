package io.custos.jpa.policy;

import io.custos.api.DataClass;
import io.custos.api.EncryptionMode;
import io.custos.api.MaskStyle;
import io.custos.api.Protected;
import io.custos.api.ProtectionLevel;
import java.util.Arrays;
import java.util.Set;

/**
 * What one source (the policy file or a {@link Protected} annotation) says about a field. A {@code null}
 * component means the source is silent on it.
 *
 * @param dataClass    data class
 * @param level        protection level
 * @param mode         encryption mode
 * @param blindIndex   whether a blind-index column is kept
 * @param mask         mask style for callers without a plaintext role
 * @param readRoles    roles that see plaintext
 * @param legacy       whether legacy plaintext is readable in the column
 * @param columnLength the column's real width, when it differs from the mapping's declared length
 * @param maxBytes     the largest plaintext in UTF-8 bytes, when not the declared length
 * @param identifier   whether exports replace the value with a pseudonym token
 * @param whenDenied   mask or refuse callers without a plaintext role
 */
public record FieldSpec(DataClass dataClass, ProtectionLevel level, EncryptionMode mode, Boolean blindIndex,
                        MaskStyle mask, Set<String> readRoles, Boolean legacy, Integer columnLength,
                        Integer maxBytes, Boolean identifier, WhenDenied whenDenied) {

    public FieldSpec {
        readRoles = readRoles == null ? null : Set.copyOf(readRoles);
    }

    /** What an annotation says; its defaults (INHERIT, empty roles, false) count as silence. */
    public static FieldSpec of(Protected p) {
        return new FieldSpec(p.value(),
                p.level() == ProtectionLevel.INHERIT ? null : p.level(),
                p.mode() == EncryptionMode.RANDOMIZED ? null : p.mode(),
                p.blindIndex() ? Boolean.TRUE : null,
                p.mask() == MaskStyle.INHERIT ? null : p.mask(),
                p.readRoles().length == 0 ? null : Set.copyOf(Arrays.asList(p.readRoles())),
                null, null, null, null, null);
    }

    /** This spec with every silent component taken from {@code fallback}. */
    public FieldSpec orElse(FieldSpec fallback) {
        if (fallback == null) {
            return this;
        }
        return new FieldSpec(
                dataClass != null ? dataClass : fallback.dataClass,
                level != null ? level : fallback.level,
                mode != null ? mode : fallback.mode,
                blindIndex != null ? blindIndex : fallback.blindIndex,
                mask != null ? mask : fallback.mask,
                readRoles != null ? readRoles : fallback.readRoles,
                legacy != null ? legacy : fallback.legacy,
                columnLength != null ? columnLength : fallback.columnLength,
                maxBytes != null ? maxBytes : fallback.maxBytes,
                identifier != null ? identifier : fallback.identifier,
                whenDenied != null ? whenDenied : fallback.whenDenied);
    }
}
