/**
 * CDI integration: a portable extension that binds the result-masking interceptor to the beans a
 * protection policy names (no annotation in business code), the caller resolver (MicroProfile JWT groups
 * by default), and producers that hand the JPA layer its services.
 *
 * <h2>Security guarantees</h2>
 * Results leaving an intercepted bean are detached views: protected fields the caller may not read are
 * masked or the call is refused, and audited reads are recorded before plaintext is returned. A policy
 * naming a bean that does not exist fails the deployment.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.custos.cdi;
