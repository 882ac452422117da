/**
 * Field protection for JPA entities on EclipseLink, without changes to business code: name
 * {@link io.custos.jpa.CustosSessionCustomizer} in the persistence unit, describe the fields in a policy
 * file, and Custos encrypts them on write and decrypts them on read, refuses queries that cannot work on
 * ciphertext, and gives the boundary (CDI interceptors, exports) masked views by the caller's roles.
 *
 * <h2>Security guarantees</h2>
 * Managed entities always hold the true value (so the shared cache never serves a masked or a foreign
 * value); masking happens only on detached views, and a view merged back never overwrites a protected
 * column with its masked value. Nothing is written unprotected: a missing key fails the write.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package io.custos.jpa;
