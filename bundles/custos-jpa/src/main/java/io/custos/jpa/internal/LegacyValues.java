package io.custos.jpa.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rows of one column whose value awaits rewriting: read as legacy plaintext, or (for lazy
 * re-encryption) under an older key version, so the change check rewrites them encrypted under the
 * current key on the next flush of their entity. At most {@code max} rows are remembered; past that the
 * set starts over (a forgotten row is simply not rewritten lazily; the rotation job still moves it).
 */
final class LegacyValues {
    private final Set<String> rows = ConcurrentHashMap.newKeySet();
    private final int max;

    LegacyValues() {
        this(Integer.MAX_VALUE);
    }

    LegacyValues(int max) {
        this.max = max;
    }

    void mark(String tenant, String rowId) {
        if (rowId != null) {
            if (rows.size() >= max) {
                rows.clear();
            }
            rows.add(tenant + '\u0000' + rowId);
        }
    }

    boolean contains(String tenant, String rowId) {
        return rowId != null && !rows.isEmpty() && rows.contains(tenant + '\u0000' + rowId);
    }

    void rewritten(String tenant, String rowId) {
        if (rowId != null && !rows.isEmpty()) {
            rows.remove(tenant + '\u0000' + rowId);
        }
    }
}
