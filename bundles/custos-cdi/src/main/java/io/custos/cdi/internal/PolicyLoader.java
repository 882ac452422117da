package io.custos.cdi.internal;

import io.custos.api.error.ConfigurationException;
import io.custos.jpa.policy.ProtectionPolicy;
import java.util.Optional;

/** Finds the policy: {@code custos.policy} if configured, else {@code META-INF/custos-policy.json} if present. */
public final class PolicyLoader {
    static final String DEFAULT = "META-INF/custos-policy.json";

    private PolicyLoader() {
    }

    /**
     * @throws ConfigurationException CUSTOS-1101..1103 when the configured policy is missing or invalid
     */
    public static Optional<ProtectionPolicy> load() throws ConfigurationException {
        ClassLoader loader = Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader() : PolicyLoader.class.getClassLoader();
        Optional<String> location = Settings.get("custos.policy");
        if (location.isPresent()) {
            return Optional.of(ProtectionPolicy.load(location.get(), loader));
        }
        if (loader.getResource(DEFAULT) != null) {
            return Optional.of(ProtectionPolicy.load("classpath:" + DEFAULT, loader));
        }
        return Optional.empty();
    }
}
