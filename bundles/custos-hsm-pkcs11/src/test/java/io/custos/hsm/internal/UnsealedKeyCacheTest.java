package io.custos.hsm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.custos.api.KeyReference;
import io.custos.api.Secret;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class UnsealedKeyCacheTest {
    private static final KeyReference REF = new KeyReference(1, 1);
    private final AtomicLong now = new AtomicLong(1_000);

    private UnsealedKeyCache cache(Duration ttl, int size) {
        return new UnsealedKeyCache(ttl, size, now::get);
    }

    @Test
    void lookup_withinTtl_returnsACopy_afterTtl_nothing() {
        UnsealedKeyCache c = cache(Duration.ofSeconds(10), 10);
        try (Secret key = Secret.copyOf(new byte[] {1, 2, 3})) {
            c.confirmed("r", new byte[] {9}, REF, key);
            now.addAndGet(Duration.ofSeconds(9).toNanos());
            try (Secret hit = c.lookup("r", new byte[] {9}, REF)) {
                assertThat(hit).isEqualTo(key).isNotSameAs(key);
            }
            now.addAndGet(Duration.ofSeconds(1).toNanos());
            assertThat(c.lookup("r", new byte[] {9}, REF)).isNull();
            assertThat(c.size()).isZero();
        }
    }

    @Test
    void confirmedAgain_restartsTheTtl() {
        UnsealedKeyCache c = cache(Duration.ofSeconds(10), 10);
        try (Secret key = Secret.copyOf(new byte[] {1})) {
            c.confirmed("r", new byte[] {9}, REF, key);
            now.addAndGet(Duration.ofSeconds(8).toNanos());
            c.confirmed("r", new byte[] {9}, REF, key);
            now.addAndGet(Duration.ofSeconds(8).toNanos());
            assertThat(c.lookup("r", new byte[] {9}, REF)).isNotNull();
        }
    }

    @Test
    void lookup_otherReferenceBlobOrRootKey_misses() {
        UnsealedKeyCache c = cache(Duration.ofSeconds(10), 10);
        try (Secret key = Secret.copyOf(new byte[] {1})) {
            c.confirmed("r", new byte[] {9}, REF, key);
            assertThat(c.lookup("r", new byte[] {9}, new KeyReference(1, 2))).isNull();
            assertThat(c.lookup("r", new byte[] {8}, REF)).isNull();
            assertThat(c.lookup("s", new byte[] {9}, REF)).isNull();
            assertThat(c.lookup("r", new byte[] {9}, REF)).isNotNull();
        }
    }

    @Test
    void beyondMaxEntries_leastRecentlyUsedIsDropped() {
        UnsealedKeyCache c = cache(Duration.ofSeconds(10), 2);
        try (Secret key = Secret.copyOf(new byte[] {1})) {
            c.confirmed("r", new byte[] {1}, REF, key);
            c.confirmed("r", new byte[] {2}, REF, key);
            c.lookup("r", new byte[] {1}, REF).close();
            c.confirmed("r", new byte[] {3}, REF, key);
            assertThat(c.lookup("r", new byte[] {2}, REF)).isNull();
            assertThat(c.lookup("r", new byte[] {1}, REF)).isNotNull();
            assertThat(c.size()).isEqualTo(2);
        }
    }

    @Test
    void ttlZero_disablesTheCache() {
        UnsealedKeyCache c = cache(Duration.ZERO, 10);
        try (Secret key = Secret.copyOf(new byte[] {1})) {
            c.confirmed("r", new byte[] {9}, REF, key);
            assertThat(c.enabled()).isFalse();
            assertThat(c.lookup("r", new byte[] {9}, REF)).isNull();
        }
    }

    @Test
    void close_wipesEntries_callerKeepsItsOwnSecret() {
        UnsealedKeyCache c = cache(Duration.ofSeconds(10), 10);
        try (Secret key = Secret.copyOf(new byte[] {1})) {
            c.confirmed("r", new byte[] {9}, REF, key);
            c.close();
            assertThat(c.size()).isZero();
            assertThat(key.isDestroyed()).isFalse();
            assertThat(c).hasToString("UnsealedKeyCache[0 entries]");
        }
    }
}
