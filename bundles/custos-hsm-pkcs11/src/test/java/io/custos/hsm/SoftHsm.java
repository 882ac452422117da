package io.custos.hsm;

import static org.assertj.core.api.Assertions.fail;

import io.custos.spi.ProviderConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Creates a private SoftHSM2 token store for the test JVM before any PKCS#11 library is loaded: the folder
 * named by {@code SOFTHSM2_CONF} (set by surefire), its {@code softhsm2.conf}, and the tokens
 * {@value #TOKEN} and {@value #FAULT_TOKEN}. Without SoftHSM2 the tests are skipped with a reason, except
 * under {@code CI=true}, where they fail.
 */
public final class SoftHsm implements ExecutionCondition, BeforeAllCallback {
    public static final String TOKEN = "custos-test";
    public static final String FAULT_TOKEN = "custos-faults";
    public static final String PIN = "8642-user";
    public static final String SO_PIN = "9753-so";
    private static final List<String> LIBRARIES = List.of("/usr/lib/softhsm/libsofthsm2.so",
            "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so", "/usr/local/lib/softhsm/libsofthsm2.so");
    private static boolean ready;
    private static Path home;
    private static String library;

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String missing = missing();
        if (missing == null) {
            return ConditionEvaluationResult.enabled("SoftHSM2 present");
        }
        if ("true".equals(System.getenv("CI"))) {
            fail("CI=true and the HSM tests cannot run: " + missing);
        }
        return ConditionEvaluationResult.disabled("skipped: " + missing);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        prepare();
    }

    private static Optional<String> findLibrary() {
        return LIBRARIES.stream().filter(l -> Files.isRegularFile(Path.of(l))).findFirst();
    }

    /** Why the HSM tests cannot run here, or {@code null}. */
    static String missing() {
        String conf = System.getenv("SOFTHSM2_CONF");
        return findLibrary().isEmpty() || which("softhsm2-util").isEmpty() || which("pkcs11-tool").isEmpty()
                ? "SoftHSM2 or OpenSC's pkcs11-tool is not installed (run .ci/install-deps.sh)"
                : conf == null || conf.isBlank() ? "SOFTHSM2_CONF is not set (run the tests through Maven)" : null;
    }

    static synchronized void prepare() throws Exception {
        if (ready) {
            return;
        }
        String missing = missing();
        if (missing != null) {
            fail("HSM tests cannot run: " + missing);
        }
        String conf = System.getenv("SOFTHSM2_CONF");
        Optional<String> lib = findLibrary();
        library = lib.get();
        home = Path.of(conf).getParent();
        Path tokens = home.resolve("tokens");
        deleteTree(tokens);
        Files.createDirectories(tokens);
        Files.writeString(Path.of(conf), "directories.tokendir = " + tokens + "/\nobjectstore.backend = file\n"
                + "log.level = ERROR\nslots.removable = false\n");
        Files.writeString(pinFile(), PIN + "\n");
        Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir")));
        for (String label : List.of(TOKEN, FAULT_TOKEN)) {
            run("softhsm2-util", "--init-token", "--free", "--label", label, "--so-pin", SO_PIN, "--pin", PIN);
        }
        ready = true;
    }

    public static String library() {
        return library;
    }

    public static Path home() {
        return home;
    }

    public static Path pinFile() {
        return home.resolve("user.pin");
    }

    /** Properties for a provider on {@code token} with its own fresh key labels. */
    public static Map<String, String> properties(String token) {
        String unique = UUID.randomUUID().toString().substring(0, 8);
        Map<String, String> p = new HashMap<>();
        p.put(Pkcs11RootKeyProviderFactory.LIBRARY, library);
        p.put(Pkcs11RootKeyProviderFactory.TOKEN_LABEL, token);
        p.put(Pkcs11RootKeyProviderFactory.PIN, "file:" + pinFile());
        p.put(Pkcs11RootKeyProviderFactory.KEK_LABEL, "kek-" + unique);
        p.put(Pkcs11RootKeyProviderFactory.SIGNING_LABEL, "sign-" + unique);
        p.put(Pkcs11RootKeyProviderFactory.GENERATE_KEYS, "true");
        return p;
    }

    public static ProviderConfig config(Map<String, String> properties) {
        return ProviderConfig.of("pkcs11", properties);
    }

    /** The token's folder in the token store (SoftHSM names it by serial; the label is inside). */
    public static Path tokenDir(String label) throws IOException {
        try (Stream<Path> dirs = Files.list(home.resolve("tokens"))) {
            return dirs.filter(d -> {
                try {
                    return new String(Files.readAllBytes(d.resolve("token.object")), StandardCharsets.ISO_8859_1)
                            .contains(label);
                } catch (IOException e) {
                    return false;
                }
            }).findFirst().orElseThrow(() -> new IOException("no token folder for " + label));
        }
    }

    /** Runs a command with the test JVM's environment; returns its output, fails on a non-zero exit. */
    public static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + out);
        }
        return out;
    }

    /** {@code pkcs11-tool} on {@code token}, logged in as the user. */
    public static String pkcs11Tool(String token, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("pkcs11-tool", "--module", library, "--token-label", token,
                "--login", "--pin", PIN));
        cmd.addAll(List.of(args));
        return run(cmd.toArray(String[]::new));
    }

    static Optional<Path> which(String tool) {
        return Stream.of(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":"))
                .map(d -> Path.of(d, tool)).filter(Files::isExecutable).findFirst();
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
