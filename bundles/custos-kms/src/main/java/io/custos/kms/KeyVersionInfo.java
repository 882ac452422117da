package io.custos.kms;

import io.custos.api.KeyReference;
import java.time.Instant;

/**
 * Metadata of one key version: its state and the instants of its transitions ({@code null} if not yet).
 *
 * <h2>Security guarantees</h2>
 * Metadata only: never key material or sealed blobs.
 *
 * @param reference     key id and version
 * @param state         the lifecycle state
 * @param sealedBy      the KEK version that seals it, or the root key id for a KEK
 * @param createdAt     generation
 * @param activatedAt   activation
 * @param deactivatedAt deactivation
 * @param compromisedAt compromise
 * @param destroyedAt   destruction
 */
public record KeyVersionInfo(KeyReference reference, KeyState state, String sealedBy, Instant createdAt,
                             Instant activatedAt, Instant deactivatedAt, Instant compromisedAt,
                             Instant destroyedAt) {
}
