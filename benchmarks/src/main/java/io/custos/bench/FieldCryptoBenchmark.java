package io.custos.bench;

import com.google.crypto.tink.Aead;
import com.google.crypto.tink.KeysetHandle;
import com.google.crypto.tink.RegistryConfiguration;
import com.google.crypto.tink.aead.AeadConfig;
import com.google.crypto.tink.aead.PredefinedAeadParameters;
import io.custos.api.DataClass;
import io.custos.api.FieldProtector;
import io.custos.api.ProtectionContext;
import io.custos.crypto.CiphertextFormat;
import io.custos.crypto.CustosCrypto;
import io.custos.crypto.keys.InMemoryKeySource;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jasypt.encryption.pbe.StandardPBEStringEncryptor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One encrypt plus one decrypt of a field value, side by side: raw JDK AES-GCM (the limit: reused
 * Cipher, fresh nonce, the same associated-data length as Custos binds), the Custos engine (context
 * binding, header and key lookup included), Google Tink's AES-GCM AEAD, and Jasypt's
 * StandardPBEStringEncryptor (the usual ORM baseline, which derives a key per value).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FieldCryptoBenchmark {
    @Param({"16", "256", "4096"})
    public int size;

    private byte[] value;
    private String text;
    private ProtectionContext context;
    private FieldProtector randomized;
    private FieldProtector deterministic;
    private Cipher rawCipher;
    private SecretKeySpec rawKey;
    private byte[] rawAad;
    private final SecureRandom rawRandom = newDrbg();
    private final byte[] rawPool = new byte[768];
    private int rawPoolPosition = rawPool.length;
    private final SecureRandom defaultRandom = new SecureRandom();
    private Aead tink;
    private StandardPBEStringEncryptor jasypt;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        value = new byte[size];
        new SecureRandom().nextBytes(value);
        text = Base64.getEncoder().encodeToString(value).substring(0, size);
        context = ProtectionContext.builder().tenant("acme").table("PATIENT").column("DIAGNOSIS").rowId("100042")
                .dataClass(DataClass.PATIENT_CLINICAL).build();
        CustosCrypto crypto = CustosCrypto.builder().keySource(new InMemoryKeySource()).build();
        randomized = crypto.randomized();
        deterministic = crypto.deterministic();

        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        rawKey = new SecretKeySpec(key, "AES");
        rawCipher = Cipher.getInstance("AES/GCM/NoPadding");
        rawAad = new byte[CiphertextFormat.HEADER_LENGTH + context.associatedData(true).length];
        new SecureRandom().nextBytes(rawAad);

        AeadConfig.register();
        tink = KeysetHandle.generateNew(PredefinedAeadParameters.AES256_GCM)
                .getPrimitive(RegistryConfiguration.get(), Aead.class);

        jasypt = new StandardPBEStringEncryptor();
        jasypt.setPassword("benchmark-password");
    }

    /** The limit: nonces drawn from a per-thread DRBG pool exactly as the engine draws them. */
    @Benchmark
    public byte[] rawJdkAesGcm() throws Exception {
        if (rawPoolPosition + 12 > rawPool.length) {
            rawRandom.nextBytes(rawPool);
            rawPoolPosition = 0;
        }
        byte[] nonce = java.util.Arrays.copyOfRange(rawPool, rawPoolPosition, rawPoolPosition + 12);
        rawPoolPosition += 12;
        return rawGcm(nonce);
    }

    /** Raw AES-GCM as most code writes it: a fresh nonce from the default SecureRandom per value. */
    @Benchmark
    public byte[] rawJdkAesGcmDefaultRandom() throws Exception {
        byte[] nonce = new byte[12];
        defaultRandom.nextBytes(nonce);
        return rawGcm(nonce);
    }

    private byte[] rawGcm(byte[] nonce) throws Exception {
        rawCipher.init(Cipher.ENCRYPT_MODE, rawKey, new GCMParameterSpec(128, nonce));
        rawCipher.updateAAD(rawAad);
        byte[] ct = rawCipher.doFinal(value);
        rawCipher.init(Cipher.DECRYPT_MODE, rawKey, new GCMParameterSpec(128, nonce));
        rawCipher.updateAAD(rawAad);
        return rawCipher.doFinal(ct);
    }

    @Benchmark
    public byte[] custosRandomized() throws Exception {
        return randomized.decrypt(randomized.encrypt(value, context), context);
    }

    @Benchmark
    public byte[] custosDeterministic() throws Exception {
        return deterministic.decrypt(deterministic.encrypt(value, context), context);
    }

    @Benchmark
    public byte[] tinkAesGcm() throws Exception {
        return tink.decrypt(tink.encrypt(value, rawAad), rawAad);
    }

    @Benchmark
    public String jasyptPbe() {
        return jasypt.decrypt(jasypt.encrypt(text));
    }

    private static SecureRandom newDrbg() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (java.security.NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }
}
