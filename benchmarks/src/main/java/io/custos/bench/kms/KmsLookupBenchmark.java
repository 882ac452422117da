package io.custos.bench.kms;

import io.custos.api.DataClass;
import io.custos.api.FieldProtector;
import io.custos.api.KeyReference;
import io.custos.api.ProtectionContext;
import io.custos.crypto.CustosCrypto;
import io.custos.crypto.keys.InMemoryKeySource;
import io.custos.kms.CustosKms;
import io.custos.spi.DataKey;
import io.custos.spi.KeyScope;
import io.custos.spi.KeyUsage;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Data-key lookups with a warm cache: the KMS (H2 store, software root key) against the crypto module's
 * in-memory key source, which is a plain map lookup and the lower bound; and whole 64-byte field
 * encryptions through each.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class KmsLookupBenchmark {
    private KmsBench bench;
    private CustosKms kms;
    private InMemoryKeySource memory;
    private KeyScope scope;
    private KeyReference kmsRef;
    private KeyReference memoryRef;
    private FieldProtector viaKms;
    private FieldProtector viaMemory;
    private ProtectionContext context;
    private final byte[] value = new byte[64];

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        bench = new KmsBench();
        kms = bench.kms();
        memory = new InMemoryKeySource();
        context = ProtectionContext.builder().tenant("plant-1").table("batch").column("lot")
                .dataClass(DataClass.PRODUCTION_BATCH).build();
        scope = KeyScope.of(context, KeyUsage.FIELD_ENCRYPTION);
        kmsRef = kms.encryptionKey(scope).reference();
        memoryRef = memory.encryptionKey(scope).reference();
        kms.decryptionKey(kmsRef);
        viaKms = CustosCrypto.builder().keySource(kms).build().randomized();
        viaMemory = CustosCrypto.builder().keySource(memory).build().randomized();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        kms.close();
        bench.close();
    }

    @Benchmark
    public DataKey inMemoryEncryptionKey() {
        return memory.encryptionKey(scope);
    }

    @Benchmark
    public DataKey kmsEncryptionKeyWarm() throws Exception {
        return kms.encryptionKey(scope);
    }

    @Benchmark
    public DataKey kmsDecryptionKeyWarm() throws Exception {
        return kms.decryptionKey(kmsRef);
    }

    @Benchmark
    public DataKey inMemoryDecryptionKey() throws Exception {
        return memory.decryptionKey(memoryRef);
    }

    @Benchmark
    public byte[] encryptFieldInMemorySource() throws Exception {
        return viaMemory.encrypt(value, context);
    }

    @Benchmark
    public byte[] encryptFieldKms() throws Exception {
        return viaKms.encrypt(value, context);
    }
}
