package io.custos.spi;

import io.custos.api.error.ConfigurationException;
import io.custos.api.error.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Explicit provider selection: exactly one candidate must carry the configured id. Zero or several is a
 * start-up error — never "whichever was found first".
 */
public final class ProviderSelection {
    private ProviderSelection() {
    }

    /**
     * @param kind       what is being chosen, for the message (e.g. "root-key provider")
     * @param id         the configured id
     * @param candidates everything discovered
     * @throws ConfigurationException CUSTOS-1003 if none matches, CUSTOS-1004 if several do
     */
    public static <T extends Identified> T select(String kind, String id, Iterable<? extends T> candidates)
            throws ConfigurationException {
        List<T> matches = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (T candidate : candidates) {
            seen.add(candidate.id());
            if (candidate.id().equals(id)) {
                matches.add(candidate);
            }
        }
        if (matches.isEmpty()) {
            throw new ConfigurationException(ErrorCode.PROVIDER_NOT_FOUND, kind, id,
                    seen.isEmpty() ? "none" : seen.stream().sorted().collect(Collectors.joining(", ")));
        }
        if (matches.size() > 1) {
            throw new ConfigurationException(ErrorCode.PROVIDER_AMBIGUOUS, kind, id);
        }
        return matches.get(0);
    }

    /** Selects among the implementations that {@link ServiceLoader} finds for {@code type}. */
    public static <T extends Identified> T fromServiceLoader(String kind, String id, Class<T> type, ClassLoader loader)
            throws ConfigurationException {
        return select(kind, id, ServiceLoader.load(type, loader));
    }
}
