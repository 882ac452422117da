package io.custos.rotation.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The compare-and-set writes of one chunk, on the caller's connection and transaction. Rows are grouped by the
 * set of columns they rewrite and sent as JDBC batches ({@code UPDATE t SET c = new WHERE id = ? AND c = read}).
 * A row whose UPDATE matches nothing was changed by a business write after the job read it: the business write
 * stays, and the row is read again and its values that are still stale (e.g. the other column of a row whose
 * business update touched one) are rewritten, up to {@link #ATTEMPTS} times; only a row changed again every
 * time counts as a miss. Without the re-read such a row would keep an old version after the job reported it done.
 */
final class ChunkWrite {
    /** Re-reads of a row whose compare-and-set missed, before it is left to the next job or lazy re-encryption. */
    static final int ATTEMPTS = 3;

    /** What one chunk wrote: values rewritten, rows missed after every attempt, values unreadable on re-read. */
    record Result(long rewritten, long misses, long failed) {
    }

    private ChunkWrite() {
    }

    static Result write(Connection c, TablePlan plan, List<RowItem> rows) throws SQLException {
        long rewritten = 0;
        long misses = 0;
        long failed = 0;
        Map<Integer, List<RowItem>> byMask = new LinkedHashMap<>();
        for (RowItem row : rows) {
            if (row.mask != 0) {
                byMask.computeIfAbsent(row.mask, m -> new ArrayList<>()).add(row);
            }
        }
        List<RowItem> missed = new ArrayList<>();
        for (Map.Entry<Integer, List<RowItem>> e : byMask.entrySet()) {
            int[] counts = update(c, plan, e.getKey(), e.getValue());
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] == 0) {
                    missed.add(e.getValue().get(i));
                } else {
                    rewritten += e.getValue().get(i).rewritten();
                }
            }
        }
        for (RowItem row : missed) {
            RowItem again = row;
            boolean settled = false;
            for (int attempt = 0; attempt < ATTEMPTS && !settled; attempt++) {
                again = reread(c, plan, row.id);
                if (again == null) {
                    settled = true; // deleted by the business: nothing left to rotate
                    break;
                }
                ReencryptProcessor.prepare(again, plan);
                if (again.mask == 0) {
                    settled = true; // the business write left nothing stale
                } else if (update(c, plan, again.mask, List.of(again))[0] != 0) {
                    rewritten += again.rewritten();
                    settled = true;
                }
            }
            if (again != null && again != row) {
                failed += again.failed - row.failed; // the chunk counted the first reading's failures already
            }
            if (!settled) {
                misses++;
            }
        }
        return new Result(rewritten, misses, failed);
    }

    private static RowItem reread(Connection c, TablePlan plan, long id) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(plan.selectRow())) {
            p.setLong(1, id);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? RowItem.read(r, plan) : null;
            }
        }
    }

    private static int[] update(Connection c, TablePlan plan, int mask, List<RowItem> rows) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(plan.update(mask))) {
            for (RowItem row : rows) {
                int at = 1;
                for (int i = 0; i < row.stored.length; i++) {
                    if ((mask & (1 << i)) != 0) {
                        set(p, at++, row.updated[i]);
                        if (plan.columns().get(i).indexColumn().isPresent() && !plan.columns().get(i).binary()) {
                            p.setString(at++, row.indexes[i]);
                        }
                    }
                }
                p.setLong(at++, row.id);
                for (int i = 0; i < row.stored.length; i++) {
                    if ((mask & (1 << i)) != 0) {
                        set(p, at++, row.stored[i]);
                    }
                }
                p.addBatch();
            }
            int[] counts = p.executeBatch();
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] == Statement.SUCCESS_NO_INFO) {
                    counts[i] = 1;
                }
            }
            return counts;
        }
    }

    private static void set(PreparedStatement p, int at, Object value) throws SQLException {
        if (value instanceof byte[] b) {
            p.setBytes(at, b);
        } else {
            p.setString(at, (String) value);
        }
    }
}
