package io.custos.api;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an entity field (or its getter, for property access) as protected by Custos. Integrators who
 * prefer configuration use the policy file instead; where both speak, the policy file wins.
 *
 * <h2>Security guarantees</h2>
 * A field carrying this annotation is never written to the database unencrypted once Custos is
 * installed: if the key, the HSM or the policy is unavailable, the write fails.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface Protected {
    /** The data class of the field. */
    DataClass value();

    /** The risk level; by default that of the data class. */
    ProtectionLevel level() default ProtectionLevel.INHERIT;

    /** Randomized (default) or deterministic, for fields queried by equality in plain JPQL. */
    EncryptionMode mode() default EncryptionMode.RANDOMIZED;

    /** Whether to maintain a blind index so a randomized field can be searched by equality. */
    boolean blindIndex() default false;

    /** How the value is masked for callers without a plaintext role. */
    MaskStyle mask() default MaskStyle.INHERIT;

    /** Roles that may see the plaintext; empty means the policy's default roles for the level. */
    String[] readRoles() default {};
}
