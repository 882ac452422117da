package io.custos.osgi;

import io.custos.spi.ProviderConfig;
import java.util.HashMap;
import java.util.Map;

/** Turns a component's configuration into the {@link ProviderConfig} the provider factories take. */
final class Configs {
    private Configs() {
    }

    static ProviderConfig toProviderConfig(String owner, Map<String, Object> properties) {
        return ProviderConfig.of(owner, strings(properties));
    }

    /** The {@code custos.*} properties as strings, for the modules' {@code fromProperties} readers. */
    static Map<String, String> strings(Map<String, Object> properties) {
        Map<String, String> values = new HashMap<>();
        properties.forEach((k, v) -> {
            if (k.startsWith("custos.") && v != null) {
                values.put(k, String.valueOf(v));
            }
        });
        return values;
    }

    static long longValue(Map<String, Object> properties, String key, long defaultValue) {
        Object v = properties.get(key);
        if (v instanceof Number n) {
            return n.longValue();
        }
        return v == null ? defaultValue : Long.parseLong(v.toString().trim());
    }
}
