package io.custos.jpa.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rows of one column whose value was read as legacy plaintext, so the change check rewrites them
 * encrypted on the next flush of their entity. Bounded by the number of legacy rows, which only
 * shrinks as rows are rewritten.
 */
final class LegacyValues {
    private final Set<String> rows = ConcurrentHashMap.newKeySet();

    void mark(String tenant, String rowId) {
        if (rowId != null) {
            rows.add(tenant + '\u0000' + rowId);
        }
    }

    boolean isLegacy(String tenant, String rowId) {
        return rowId != null && !rows.isEmpty() && rows.contains(tenant + '\u0000' + rowId);
    }

    void rewritten(String tenant, String rowId) {
        if (rowId != null && !rows.isEmpty()) {
            rows.remove(tenant + '\u0000' + rowId);
        }
    }
}
