package io.custos.admin.internal;

import io.custos.kms.RestoreCeremony;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Restore ceremonies opened through the API. They live in this instance's memory only: a ceremony collects
 * shares, and shares must not be written anywhere before the keys are restored. A restart cancels them.
 */
public final class RestoreCeremonies {
    /** An open ceremony and what the API shows about it. */
    public record Open(String id, RestoreCeremony ceremony, Instant openedAt, List<String> approvers,
                       List<Integer> shareIndexes) {
    }

    private final Map<String, Open> open = new ConcurrentHashMap<>();

    Open add(RestoreCeremony ceremony) {
        Open o = new Open(UUID.randomUUID().toString(), ceremony, Instant.now(),
                java.util.Collections.synchronizedList(new ArrayList<>()),
                java.util.Collections.synchronizedList(new ArrayList<>()));
        open.put(o.id(), o);
        return o;
    }

    Optional<Open> get(String id) {
        return Optional.ofNullable(open.get(id));
    }

    List<Open> all() {
        return List.copyOf(open.values());
    }

    void remove(String id) {
        Open o = open.remove(id);
        if (o != null) {
            o.ceremony().close();
        }
    }

    void closeAll() {
        open.keySet().forEach(this::remove);
    }
}
