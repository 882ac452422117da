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

    int rewritten() {
        return Integer.bitCount(mask);
    }

    @Override
    public String toString() {
        return "RowItem[" + id + ", " + rewritten() + " to rewrite]";
    }
}
