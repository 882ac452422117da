package io.custos.jpa.internal;

import io.custos.api.error.ErrorCode;
import io.custos.crypto.keys.InMemoryKeySource;
import io.custos.jpa.spi.KeySourceFactory;
import io.custos.spi.DataKeySource;
import java.util.Map;
import java.util.logging.Logger;

/** Key source id {@code in-memory}: keys generated in this JVM and lost at restart. Demos and tests only. */
public final class InMemoryKeySourceFactory implements KeySourceFactory {
    private static final Logger LOG = Logger.getLogger("io.custos.jpa");

    @Override
    public String id() {
        return "in-memory";
    }

    @Override
    public DataKeySource create(Map<String, Object> properties) {
        LOG.warning(ErrorCode.IN_MEMORY_KEYS.format(String.valueOf(properties.getOrDefault("eclipselink.session-name",
                "this persistence unit"))));
        return new InMemoryKeySource();
    }
}
