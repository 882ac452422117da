package io.custos.hsm;

import io.custos.api.error.CryptoException;
import io.custos.spi.ProviderConfig;
import io.custos.spi.RootKeyProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Starts the provider in a fresh JVM, as a server would: SoftHSM2 keeps one login per process, and
 * SunPKCS11 does not log in again when the slot is already logged in, so a wrong PIN shows only in a
 * process of its own. Prints {@code OK} or {@code ERROR <message>}.
 */
public final class StartupProbe {
    private StartupProbe() {
    }

    public static void main(String[] args) {
        Map<String, String> props = new HashMap<>();
        for (String a : args) {
            int eq = a.indexOf('=');
            props.put(a.substring(0, eq), a.substring(eq + 1));
        }
        Pkcs11RootKeyProviderFactory f = new Pkcs11RootKeyProviderFactory();
        try {
            f.init(ProviderConfig.of("pkcs11", props));
            try (RootKeyProvider p = f.create()) {
                System.out.println("OK " + p.health().status());
            }
        } catch (CryptoException e) {
            System.out.println("ERROR " + e.getMessage() + (e.getCause() == null ? "" : " CAUSE"));
        }
    }

    /** Runs the probe in a child JVM with the test class path and this JVM's environment; returns its output. */
    static String run(Map<String, String> props) throws IOException, InterruptedException {
        return run(props, true);
    }

    /** @param wrapperOpen whether the child JVM gets {@code --add-opens} for the JDK's PKCS#11 wrapper */
    static String run(Map<String, String> props, boolean wrapperOpen) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java")));
        if (wrapperOpen) {
            cmd.addAll(List.of("--add-opens", "jdk.crypto.cryptoki/sun.security.pkcs11.wrapper=ALL-UNNAMED"));
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), StartupProbe.class.getName()));
        props.forEach((k, v) -> cmd.add(k + "=" + v));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("probe timed out");
        }
        return out;
    }
}
