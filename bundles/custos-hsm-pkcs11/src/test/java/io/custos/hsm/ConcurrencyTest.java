package io.custos.hsm;

import static org.assertj.core.api.Assertions.assertThat;

import io.custos.api.KeyReference;
import io.custos.api.Secret;
import io.custos.hsm.internal.Pkcs11RootKeyProvider;
import io.custos.spi.SealedKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SoftHsm.class)
class ConcurrencyTest {
    private static final int THREADS = 16;
    private static final int ROUNDS = 150;

    @Test
    void sixteenThreads_sealUnsealAndSign_noErrors() throws Exception {
        try (Pkcs11RootKeyProvider provider = Pkcs11RootKeyProviderTest.create(SoftHsm.properties(SoftHsm.TOKEN))) {
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            CountDownLatch start = new CountDownLatch(1);
            ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
            AtomicLong ops = new AtomicLong();
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t + 1;
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 1; i <= ROUNDS; i++) {
                        KeyReference ref = new KeyReference(thread, i);
                        try (Secret key = Pkcs11RootKeyProviderTest.randomKey()) {
                            SealedKey sealed = provider.seal(key, ref);
                            try (Secret back = provider.unseal(sealed, ref)) {
                                if (!back.equals(key)) {
                                    errors.add(new AssertionError("wrong key back for " + ref));
                                }
                            }
                            if (i % 25 == 0) {
                                provider.sign(new byte[] {(byte) i});
                            }
                            ops.addAndGet(2);
                        } catch (Throwable e) {
                            errors.add(e);
                        }
                    }
                    return null;
                }));
            }
            long t0 = System.nanoTime();
            start.countDown();
            for (Future<?> f : done) {
                f.get(120, TimeUnit.SECONDS);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            pool.shutdown();
            assertThat(errors).isEmpty();
            assertThat(ops.get()).isEqualTo(2L * THREADS * ROUNDS);
            assertThat(provider.reconnects()).as("no session fault forced a reconnect").isZero();
            Logger.getLogger("io.custos.hsm").info(String.format("%d threads: %d seal+unseal ops in %.2f s (%.0f ops/s)",
                    THREADS, ops.get(), seconds, ops.get() / seconds));
        }
    }
}
