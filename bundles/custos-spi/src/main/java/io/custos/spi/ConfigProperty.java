package io.custos.spi;

/**
 * Describes one configuration property of a provider.
 *
 * @param name         the property name, e.g. {@code custos.hsm.library}
 * @param description  one line for the docs
 * @param required     whether start-up fails without it
 * @param secret       write-only: read through {@link ProviderConfig#secret(String)}, never printed
 * @param defaultValue the default, or {@code null}
 */
public record ConfigProperty(String name, String description, boolean required, boolean secret, String defaultValue) {

    public static ConfigProperty required(String name, String description) {
        return new ConfigProperty(name, description, true, false, null);
    }

    public static ConfigProperty optional(String name, String description, String defaultValue) {
        return new ConfigProperty(name, description, false, false, defaultValue);
    }

    public static ConfigProperty secret(String name, String description, boolean required) {
        return new ConfigProperty(name, description, required, true, null);
    }
}
