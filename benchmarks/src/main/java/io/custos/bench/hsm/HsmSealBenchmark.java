package io.custos.bench.hsm;

import io.custos.api.KeyReference;
import io.custos.api.Secret;
import io.custos.crypto.software.SoftwareRootKeyProviderFactory;
import io.custos.hsm.Pkcs11RootKeyProviderFactory;
import io.custos.spi.ProviderConfig;
import io.custos.spi.RootKeyProvider;
import io.custos.spi.RootKeyProviderFactory;
import io.custos.spi.SealedKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Sealing and unsealing one 32-byte data key through the PKCS#11 provider on SoftHSM2 (AES-256-GCM inside
 * the token) against the software root-key provider (AES-256-GCM in the JVM). One provider instance is
 * shared by all benchmark threads, as in a server. Needs {@code SOFTHSM2_CONF} in the environment; the
 * token store it names is created on first use (see {@link HsmReport}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(jvmArgsAppend = {"--add-opens", "jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED"})
public class HsmSealBenchmark {
    static final String TOKEN = "custos-bench";
    static final String PIN = "2468-bench";
    private static final KeyReference REF = new KeyReference(42, 1);

    @Param({"software", "pkcs11"})
    public String provider;

    private RootKeyProvider root;
    private Secret key;
    private SealedKey sealed;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Path work = Files.createTempDirectory("custos-bench-root");
        RootKeyProviderFactory factory;
        Map<String, String> props;
        if (provider.equals("pkcs11")) {
            Path pinFile = ensureToken();
            factory = new Pkcs11RootKeyProviderFactory();
            props = Map.of(Pkcs11RootKeyProviderFactory.LIBRARY, library(),
                    Pkcs11RootKeyProviderFactory.TOKEN_LABEL, TOKEN,
                    Pkcs11RootKeyProviderFactory.PIN, "file:" + pinFile,
                    Pkcs11RootKeyProviderFactory.GENERATE_KEYS, "true");
        } else {
            factory = new SoftwareRootKeyProviderFactory();
            props = Map.of(SoftwareRootKeyProviderFactory.PATH, work.resolve("root.p12").toString(),
                    SoftwareRootKeyProviderFactory.PASSWORD, "bench-only-password",
                    SoftwareRootKeyProviderFactory.CREATE, "true");
        }
        factory.init(ProviderConfig.of(factory.id(), props));
        root = factory.create();
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        key = Secret.wrapAndWipe(raw);
        sealed = root.seal(key, REF);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        root.close();
        key.close();
    }

    @Benchmark
    public SealedKey seal() throws Exception {
        return root.seal(key, REF);
    }

    @Benchmark
    public int unseal() throws Exception {
        try (Secret s = root.unseal(sealed, REF)) {
            return s.length();
        }
    }

    static String library() {
        return List.of("/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so").stream()
                .filter(l -> Files.isRegularFile(Path.of(l))).findFirst()
                .orElseThrow(() -> new IllegalStateException("SoftHSM2 is not installed (.ci/install-deps.sh)"));
    }

    /** Creates the token store named by SOFTHSM2_CONF and the bench token, once; returns the PIN file. */
    static synchronized Path ensureToken() throws IOException, InterruptedException {
        String conf = System.getenv("SOFTHSM2_CONF");
        if (conf == null) {
            throw new IllegalStateException("set SOFTHSM2_CONF to a file path for the benchmark token store");
        }
        Path confFile = Path.of(conf).toAbsolutePath();
        Path home = confFile.getParent();
        Path pinFile = home.resolve("bench.pin");
        if (!Files.exists(confFile)) {
            Path tokens = home.resolve("tokens");
            Files.createDirectories(tokens);
            Files.writeString(confFile, "directories.tokendir = " + tokens + "/\nobjectstore.backend = file\n"
                    + "log.level = ERROR\n");
        }
        Files.writeString(pinFile, PIN + "\n");
        Process show = new ProcessBuilder("softhsm2-util", "--show-slots").redirectErrorStream(true).start();
        String slots = new String(show.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        show.waitFor();
        if (!slots.contains("Label:            " + TOKEN + " ")) {
            Process init = new ProcessBuilder("softhsm2-util", "--init-token", "--free", "--label", TOKEN,
                    "--so-pin", "1357-so", "--pin", PIN).redirectErrorStream(true).start();
            init.getInputStream().readAllBytes();
            if (init.waitFor() != 0) {
                throw new IllegalStateException("softhsm2-util --init-token failed");
            }
        }
        return pinFile;
    }
}
