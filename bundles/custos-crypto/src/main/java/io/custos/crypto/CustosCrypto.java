package io.custos.crypto;

import io.custos.api.BlindIndexer;
import io.custos.api.EncryptionMode;
import io.custos.api.FieldProtector;
import io.custos.api.Pseudonymizer;
import io.custos.crypto.internal.HmacBlindIndexer;
import io.custos.crypto.internal.HmacPseudonymizer;
import io.custos.crypto.internal.ModeProtector;
import io.custos.crypto.internal.ProtectionEngine;
import io.custos.spi.DataKeySource;
import java.util.Objects;

/**
 * The entry point of the crypto engine: hands out primitives over one {@link DataKeySource}. Callers get
 * primitives, never keys.
 *
 * <pre>{@code
 * CustosCrypto crypto = CustosCrypto.builder().keySource(kms).build();
 * String stored = crypto.randomized().encryptText("Li Wei", context);
 * }</pre>
 *
 * <h2>Security guarantees</h2>
 * <ul>
 *   <li>Randomized: AES-256-GCM, fresh 96-bit random nonce, at most the key's budget of encryptions
 *       (default 2^32 per key version, NIST SP 800-38D) before the source must rotate.</li>
 *   <li>Deterministic: AES-256-SIV (RFC 5297) under a key per tenant and column.</li>
 *   <li>Header and context are authenticated; a value moved to another tenant, column or (randomized)
 *       row fails to decrypt.</li>
 * </ul>
 * Instances are immutable and thread-safe.
 */
public final class CustosCrypto {
    /** Default largest plaintext: 64 MiB. */
    public static final int DEFAULT_MAX_VALUE_BYTES = 64 << 20;

    private final ProtectionEngine engine;
    private final FieldProtector randomized;
    private final FieldProtector deterministic;
    private final Pseudonymizer pseudonymizer;

    private CustosCrypto(Builder b) {
        this.engine = new ProtectionEngine(b.source, b.maxValueBytes);
        this.randomized = new ModeProtector(engine, EncryptionMode.RANDOMIZED);
        this.deterministic = new ModeProtector(engine, EncryptionMode.DETERMINISTIC);
        this.pseudonymizer = new HmacPseudonymizer(b.source);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** AES-256-GCM with random nonces: the default for every protected field. */
    public FieldProtector randomized() {
        return randomized;
    }

    /** AES-256-SIV: for fields that must answer equality queries in plain JPQL. */
    public FieldProtector deterministic() {
        return deterministic;
    }

    public FieldProtector protector(EncryptionMode mode) {
        return mode == EncryptionMode.DETERMINISTIC ? deterministic : randomized;
    }

    /**
     * A blind indexer keeping {@code bits} of the HMAC. With {@code n} distinct values in a column the
     * expected number of false matches per lookup is about {@code n / 2^bits}.
     */
    public BlindIndexer blindIndexer(int bits) {
        return new HmacBlindIndexer(engine.source(), bits);
    }

    public Pseudonymizer pseudonymizer() {
        return pseudonymizer;
    }

    public int maxValueBytes() {
        return engine.maxValueBytes();
    }

    @Override
    public String toString() {
        return "CustosCrypto[maxValueBytes=" + engine.maxValueBytes() + "]";
    }

    /** Configures the engine. */
    public static final class Builder {
        private DataKeySource source;
        private int maxValueBytes = DEFAULT_MAX_VALUE_BYTES;

        private Builder() {
        }

        public Builder keySource(DataKeySource value) {
            this.source = Objects.requireNonNull(value, "keySource");
            return this;
        }

        /** The largest plaintext accepted (and, with overhead, ciphertext); 1 .. 1 GiB. */
        public Builder maxValueBytes(int value) {
            if (value < 1 || value > (1 << 30)) {
                throw new IllegalArgumentException("maxValueBytes must be in 1 .. 2^30: " + value);
            }
            this.maxValueBytes = value;
            return this;
        }

        public CustosCrypto build() {
            if (source == null) {
                throw new IllegalStateException("a keySource is required");
            }
            return new CustosCrypto(this);
        }
    }
}
