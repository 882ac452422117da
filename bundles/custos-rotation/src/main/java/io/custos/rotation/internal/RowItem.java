package io.custos.rotation.internal;

/**
 * One row as read, and after processing the values to write. {@code toString()} shows the id and counts only.
 */
public final class RowItem {
    final long id;
    final Object[] stored;
    final Object[] updated;
    final String[] indexes;
    int mask;
    int failed;

    RowItem(long id, Object[] stored) {
        this.id = id;
        this.stored = stored;
        this.updated = new Object[stored.length];
        this.indexes = new String[stored.length];
    }

    /** The row at the cursor of a result set selected as {@link TablePlan#selectPage} or {@link TablePlan#selectRow}. */
    static RowItem read(java.sql.ResultSet r, TablePlan plan) throws java.sql.SQLException {
        int n = plan.columns().size();
        Object[] values = new Object[n];
        for (int i = 0; i < n; i++) {
            values[i] = plan.columns().get(i).binary() ? r.getBytes(i + 2) : r.getString(i + 2);
        }
        return new RowItem(r.getLong(1), values);
    }

    int rewritten() {
        return Integer.bitCount(mask);
    }

    @Override
    public String toString() {
        return "RowItem[" + id + ", " + rewritten() + " to rewrite]";
    }
}
