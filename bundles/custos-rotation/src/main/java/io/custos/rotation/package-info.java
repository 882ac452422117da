/**
 * Online, crash-safe bulk re-encryption. {@link io.custos.rotation.RotationJobs} is the control plane: jobs,
 * requested states and throttles kept in the shared database, checked against the actor's duties and audited.
 * {@link io.custos.rotation.RotationWorker} runs inside the application that owns the entities: it claims jobs
 * by lease and runs them as the Jakarta Batch job {@code custos-reencrypt} over the columns its
 * {@link io.custos.rotation.RotationEnvironment} names.
 *
 * <h2>Security guarantees</h2>
 * Job records, messages and {@code toString()} carry ids, names and counts only: never plaintext, ciphertext
 * or key material. A row is rewritten by one compare-and-set UPDATE, so readers see either the old or the new
 * ciphertext of the same plaintext and a concurrent business write always wins.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package io.custos.rotation;
