/**
 * The protection policy: which entity fields are protected, with which data class, level, encryption
 * mode, masking rule and plaintext roles. Read from a JSON file (schema in {@code docs/policy.md}) and
 * merged with {@link io.custos.api.Protected} annotations; the file wins where both speak.
 *
 * <h2>Security guarantees</h2>
 * A policy is validated completely at start-up; an unknown key, entity, field or value is a numbered
 * start-up error, never ignored. Policy objects hold names and rules only, never values or keys.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.custos.jpa.policy;
