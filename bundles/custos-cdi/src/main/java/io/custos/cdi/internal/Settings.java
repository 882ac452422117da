package io.custos.cdi.internal;

import java.util.Optional;

/**
 * Reads a setting from MicroProfile Config when an implementation is present (Payara), else from system
 * properties (Java SE, tests).
 */
final class Settings {
    private Settings() {
    }

    static Optional<String> get(String name) {
        try {
            Optional<String> v = org.eclipse.microprofile.config.ConfigProvider.getConfig().getOptionalValue(name, String.class);
            if (v.isPresent()) {
                return v;
            }
        } catch (RuntimeException | LinkageError e) {
            // no MicroProfile Config implementation here: fall back to system properties
        }
        return Optional.ofNullable(System.getProperty(name)).filter(s -> !s.isBlank());
    }
}
