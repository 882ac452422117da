package io.custos.spi;

import io.custos.api.Secret;
import io.custos.api.error.ConfigurationException;
import io.custos.api.error.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Configuration handed to a provider factory: plain properties plus secrets. A secret property holds
 * either a reference — {@code env:NAME} (an environment variable) or {@code file:/path} (the first line of
 * a file) — or, where the provider allows it, the literal value (as MicroProfile Config delivers a value
 * it read from the environment).
 *
 * <h2>Security guarantees</h2>
 * {@link #toString()} lists property names only for secrets; secret values are returned only as
 * {@link Secret} holders and never enter a message.
 */
public final class ProviderConfig {
    private final String owner;
    private final Map<String, String> values;
    private final Function<String, String> environment;

    /**
     * @param owner       the provider id, used in messages
     * @param values      the properties
     * @param environment how {@code env:} references are resolved ({@code System::getenv} in production)
     */
    public ProviderConfig(String owner, Map<String, String> values, Function<String, String> environment) {
        this.owner = owner;
        this.values = Map.copyOf(values);
        this.environment = environment;
    }

    public static ProviderConfig of(String owner, Map<String, String> values) {
        return new ProviderConfig(owner, values, System::getenv);
    }

    public String owner() {
        return owner;
    }

    public Optional<String> get(String name) {
        return Optional.ofNullable(values.get(name)).filter(v -> !v.isBlank());
    }

    public String get(String name, String defaultValue) {
        return get(name).orElse(defaultValue);
    }

    /** @throws ConfigurationException (CUSTOS-1001) if absent */
    public String require(String name) throws ConfigurationException {
        return get(name).orElseThrow(() -> new ConfigurationException(ErrorCode.CONFIG_MISSING, name, owner));
    }

    /** @throws ConfigurationException (CUSTOS-1002) if present but not an integer */
    public int getInt(String name, int defaultValue) throws ConfigurationException {
        Optional<String> v = get(name);
        if (v.isEmpty()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(v.get().trim());
        } catch (NumberFormatException e) {
            throw new ConfigurationException(ErrorCode.CONFIG_INVALID, name, owner, "not an integer");
        }
    }

    public boolean getBoolean(String name, boolean defaultValue) {
        return get(name).map(v -> Boolean.parseBoolean(v.trim())).orElse(defaultValue);
    }

    /**
     * Resolves a secret property, accepting references and literal values.
     *
     * @throws ConfigurationException if the property, the variable or the file is missing
     */
    public Optional<Secret> secret(String name) throws ConfigurationException {
        return resolve(name, true);
    }

    /**
     * Resolves a secret property that must be a reference ({@code env:} or {@code file:}), never a
     * literal that might have passed through a log.
     *
     * @throws ConfigurationException if the value is a literal, or the variable or file is missing
     */
    public Optional<Secret> secretReference(String name) throws ConfigurationException {
        return resolve(name, false);
    }

    private Optional<Secret> resolve(String name, boolean literalAllowed) throws ConfigurationException {
        String ref = values.get(name);
        if (ref == null || ref.isEmpty()) {
            return Optional.empty();
        }
        if (ref.startsWith("env:")) {
            String var = ref.substring(4);
            String v = environment.apply(var);
            if (v == null || v.isEmpty()) {
                throw new ConfigurationException(ErrorCode.CONFIG_INVALID, name, owner,
                        "environment variable " + var + " is not set");
            }
            return Optional.of(Secret.ofChars(v.toCharArray()));
        }
        if (ref.startsWith("file:")) {
            Path file = Path.of(ref.substring(5));
            try {
                byte[] content = Files.readAllBytes(file);
                int end = 0;
                while (end < content.length && content[end] != '\n' && content[end] != '\r') {
                    end++;
                }
                byte[] line = java.util.Arrays.copyOf(content, end);
                java.util.Arrays.fill(content, (byte) 0);
                return Optional.of(Secret.wrapAndWipe(line));
            } catch (IOException e) {
                throw new ConfigurationException(ErrorCode.CONFIG_INVALID, name, owner,
                        "secret file " + file + " cannot be read");
            }
        }
        if (!literalAllowed) {
            throw new ConfigurationException(ErrorCode.CONFIG_INVALID, name, owner,
                    "must be a reference (env:VARIABLE or file:/path), not a literal value");
        }
        return Optional.of(Secret.ofChars(ref.toCharArray()));
    }

    /** Names and plain values; secrets and anything that looks like one appear as {@code ***}. */
    public String describe(java.util.Collection<ConfigProperty> schema) {
        Map<String, String> shown = new TreeMap<>();
        java.util.Set<String> secretNames = new java.util.HashSet<>();
        schema.forEach(p -> {
            if (p.secret()) {
                secretNames.add(p.name());
            }
        });
        values.forEach((k, v) -> shown.put(k, secretNames.contains(k) || looksSecret(k) ? "***" : v));
        return owner + shown;
    }

    private static boolean looksSecret(String key) {
        String k = key.toLowerCase(java.util.Locale.ROOT);
        return k.contains("password") || k.contains("pin") || k.contains("secret") || k.contains("token");
    }

    @Override
    public String toString() {
        return "ProviderConfig[" + owner + ", properties=" + new TreeMap<>(values).keySet() + "]";
    }
}
