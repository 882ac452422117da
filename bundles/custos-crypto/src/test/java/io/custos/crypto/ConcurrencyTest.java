package io.custos.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.custos.api.FieldProtector;
import io.custos.api.ProtectionContext;
import io.custos.crypto.keys.InMemoryKeySource;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ConcurrencyTest {
    private static final int THREADS = 8;
    private static final int PER_THREAD = 20_000;

    @Test
    void encrypt_eightThreadsSharingOneEngine_noncesUniqueAndValuesIntact() throws Exception {
        FieldProtector p = CustosCrypto.builder().keySource(new InMemoryKeySource()).build().randomized();
        ProtectionContext ctx = ProtectionContext.of("acme", "BATCH", "RECIPE");
        Set<ByteBuffer> nonces = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    start.await();
                    int ok = 0;
                    for (int i = 0; i < PER_THREAD; i++) {
                        byte[] value = (thread + ":" + i).getBytes();
                        byte[] ct = p.encrypt(value, ctx);
                        nonces.add(ByteBuffer.wrap(Arrays.copyOfRange(ct, CiphertextFormat.HEADER_LENGTH,
                                CiphertextFormat.HEADER_LENGTH + CiphertextFormat.GCM_NONCE_LENGTH)));
                        if (Arrays.equals(p.decrypt(ct, ctx), value)) {
                            ok++;
                        }
                    }
                    return ok;
                }));
            }
            start.countDown();
            for (Future<Integer> f : results) {
                assertThat(f.get()).isEqualTo(PER_THREAD);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(nonces).hasSize(THREADS * PER_THREAD);
    }
}
