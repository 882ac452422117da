package io.custos.hsm.internal;

import io.custos.api.error.ConfigurationException;
import io.custos.api.error.CryptoException;
import io.custos.api.error.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds the slot list index of the token with the configured label. SunPKCS11 selects a slot only by id
 * or index, and slot ids change when a token is initialised, so the label is the stable name. Labels are
 * read through the JDK's PKCS#11 wrapper in this JVM when it is reachable, otherwise in a short-lived
 * child JVM that is allowed to reach it.
 */
public final class TokenSlots {
    private static final String WRAPPER_EXPORT = "jdk.crypto.cryptoki/" + Pkcs11Wrapper.PACKAGE + "=ALL-UNNAMED";
    private static final Class<?>[] CHILD_CLASSES = {SlotLister.class, Pkcs11Wrapper.class, Pkcs11Wrapper.Slot.class};

    private TokenSlots() {
    }

    /**
     * @throws ConfigurationException 4101 if the library cannot be loaded, 4102 if no initialised token has
     *                                the label (or several have)
     * @throws TokenFault             if listing failed inside the library
     */
    public static Pkcs11Wrapper.Slot resolve(HsmSettings settings) throws CryptoException, TokenFault {
        if (settings.slotListIndex().isPresent()) {
            return new Pkcs11Wrapper.Slot(settings.slotListIndex().getAsInt(), -1, settings.tokenLabel(), true);
        }
        List<Pkcs11Wrapper.Slot> slots = Pkcs11Wrapper.readable() ? inProcess(settings.library()) : inChild(settings.library());
        List<Pkcs11Wrapper.Slot> matches = slots.stream()
                .filter(s -> s.initialized() && s.label().equals(settings.tokenLabel())).toList();
        if (matches.size() != 1) {
            String found = slots.stream().filter(Pkcs11Wrapper.Slot::initialized).map(s -> "'" + s.label() + "'")
                    .collect(Collectors.joining(", "));
            if (matches.size() > 1) {
                throw new ConfigurationException(ErrorCode.CONFIG_INVALID, HsmSettings.TOKEN_LABEL,
                        settings.config().owner(), matches.size() + " tokens carry this label");
            }
            throw new ConfigurationException(ErrorCode.HSM_TOKEN_NOT_FOUND, settings.tokenLabel(), settings.library(),
                    found.isEmpty() ? "none" : found);
        }
        return matches.get(0);
    }

    /** Every slot of the library with its token label. */
    public static List<Pkcs11Wrapper.Slot> list(String library) throws CryptoException, TokenFault {
        return Pkcs11Wrapper.readable() ? inProcess(library) : inChild(library);
    }

    static List<Pkcs11Wrapper.Slot> inProcess(String library) throws CryptoException, TokenFault {
        try {
            return Pkcs11Wrapper.slots(library);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof IOException io) {
                throw new ConfigurationException(ErrorCode.HSM_LIBRARY_UNUSABLE, library, SlotLister.firstLine(io));
            }
            throw TokenFault.of(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new ConfigurationException(ErrorCode.HSM_SLOT_LISTING_FAILED, library, SlotLister.firstLine(e));
        }
    }

    static List<Pkcs11Wrapper.Slot> inChild(String library) throws CryptoException, TokenFault {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("custos-hsm-slots");
            for (Class<?> c : CHILD_CLASSES) {
                String resource = c.getName().replace('.', '/') + ".class";
                Path target = dir.resolve(resource);
                Files.createDirectories(target.getParent());
                try (InputStream in = c.getClassLoader().getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new IOException("class file " + resource + " not found");
                    }
                    Files.copy(in, target);
                }
            }
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-Xmx32m", "--add-exports", WRAPPER_EXPORT,
                    "-cp", dir.toString(), SlotLister.class.getName(), library)
                    .redirectErrorStream(true).start();
            child.getOutputStream().close();
            byte[] out = child.getInputStream().readAllBytes();
            if (!child.waitFor(30, TimeUnit.SECONDS)) {
                child.destroyForcibly();
                throw new ConfigurationException(ErrorCode.HSM_SLOT_LISTING_FAILED, library, "child JVM timed out");
            }
            return parse(library, new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ConfigurationException(ErrorCode.HSM_SLOT_LISTING_FAILED, library, SlotLister.firstLine(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConfigurationException(ErrorCode.HSM_SLOT_LISTING_FAILED, library, "interrupted");
        } finally {
            deleteQuietly(dir);
        }
    }

    private static List<Pkcs11Wrapper.Slot> parse(String library, String output) throws CryptoException, TokenFault {
        List<Pkcs11Wrapper.Slot> slots = new ArrayList<>();
        for (String line : output.lines().toList()) {
            String[] f = line.split("\t", 5);
            if (f[0].equals("slot") && f.length == 5) {
                slots.add(new Pkcs11Wrapper.Slot(Integer.parseInt(f[1]), Long.parseLong(f[2]),
                        f[4], Boolean.parseBoolean(f[3])));
            } else if (f[0].equals("error") && f.length >= 3) {
                String reason = f[2];
                if (f[1].equals("library")) {
                    throw new ConfigurationException(ErrorCode.HSM_LIBRARY_UNUSABLE, library, reason);
                }
                String code = TokenConnection.ckr(new Exception(reason));
                if (code != null) {
                    throw new TokenFault(code);
                }
                throw new ConfigurationException(ErrorCode.HSM_SLOT_LISTING_FAILED, library, reason);
            }
        }
        if (slots.isEmpty()) {
            throw new ConfigurationException(ErrorCode.HSM_SLOT_LISTING_FAILED, library,
                    "child JVM printed no slot list");
        }
        return slots;
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder of class files; nothing secret in it
        }
    }
}
