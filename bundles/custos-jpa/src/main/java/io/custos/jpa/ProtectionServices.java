package io.custos.jpa;

import io.custos.crypto.CustosCrypto;
import io.custos.jpa.internal.LoggingAuditSink;
import io.custos.jpa.policy.ProtectionPolicy;
import io.custos.spi.AuditSink;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What a persistence unit needs to protect fields: the crypto engine (over the configured key source),
 * the audit sink, and optionally a policy object (otherwise the customizer loads the file named by
 * {@code custos.policy}). Pass an instance as the persistence-unit property {@code custos.services}
 * (Java SE, tests), or let a {@link io.custos.jpa.spi.ProtectionServicesProvider} build it (CDI, config).
 *
 * <h2>Security guarantees</h2>
 * Holds primitives and sinks, never key material; {@link #toString()} names no secret.
 */
public final class ProtectionServices {
    private final CustosCrypto crypto;
    private final AuditSink audit;
    private final ProtectionPolicy policy;
    private final String tenant;
    private final Boolean widenDdl;
    private final Consumer<ProtectionRuntime> onStart;

    private ProtectionServices(Builder b) {
        this.crypto = b.crypto;
        this.audit = b.audit;
        this.policy = b.policy;
        this.tenant = b.tenant;
        this.widenDdl = b.widenDdl;
        this.onStart = b.onStart;
    }

    public static Builder builder() {
        return new Builder();
    }

    public CustosCrypto crypto() {
        return crypto;
    }

    public AuditSink audit() {
        return audit;
    }

    public Optional<ProtectionPolicy> policy() {
        return Optional.ofNullable(policy);
    }

    /** The tenant to bind when neither the policy nor the session names one. */
    public Optional<String> tenant() {
        return Optional.ofNullable(tenant);
    }

    /** Whether generated DDL may be widened for ciphertext; {@code null}: decided by the unit's DDL setting. */
    public Optional<Boolean> widenDdl() {
        return Optional.ofNullable(widenDdl);
    }

    /** Told the runtime of each persistence unit that starts with these services (CDI registers it). */
    public Consumer<ProtectionRuntime> onStart() {
        return onStart;
    }

    @Override
    public String toString() {
        return "ProtectionServices[" + crypto + ", audit " + audit.getClass().getSimpleName() + "]";
    }

    /** Builds services; the crypto engine is required. */
    public static final class Builder {
        private CustosCrypto crypto;
        private AuditSink audit = new LoggingAuditSink();
        private ProtectionPolicy policy;
        private String tenant;
        private Boolean widenDdl;
        private Consumer<ProtectionRuntime> onStart = r -> { };

        private Builder() {
        }

        public Builder crypto(CustosCrypto value) {
            this.crypto = Objects.requireNonNull(value, "crypto");
            return this;
        }

        /** Where audit events go; by default they are logged through java.util.logging (ids only). */
        public Builder audit(AuditSink value) {
            this.audit = Objects.requireNonNull(value, "audit");
            return this;
        }

        public Builder policy(ProtectionPolicy value) {
            this.policy = Objects.requireNonNull(value, "policy");
            return this;
        }

        public Builder tenant(String value) {
            this.tenant = Objects.requireNonNull(value, "tenant");
            return this;
        }

        public Builder widenDdl(boolean value) {
            this.widenDdl = value;
            return this;
        }

        public Builder onStart(Consumer<ProtectionRuntime> value) {
            this.onStart = Objects.requireNonNull(value, "onStart");
            return this;
        }

        public ProtectionServices build() {
            if (crypto == null) {
                throw new IllegalStateException("a crypto engine is required");
            }
            return new ProtectionServices(this);
        }
    }
}
