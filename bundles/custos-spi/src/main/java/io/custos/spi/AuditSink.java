package io.custos.spi;

import io.custos.api.error.AuditUnavailableException;

/**
 * Receives audit events from every layer. The recorder in {@code custos-audit} makes them
 * tamper-evident.
 *
 * <h2>Security guarantees</h2>
 * Events carry ids, names and keyed digests only, never plaintext or ciphertext of protected values.
 */
@org.osgi.annotation.versioning.ProviderType
public interface AuditSink {

    /**
     * Records an event durably, or throws.
     *
     * @throws AuditUnavailableException if the event could not be recorded; callers that need the
     *                                   record fail closed
     */
    void record(AuditEvent event) throws AuditUnavailableException;
}
