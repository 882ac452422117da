package io.custos.rotation.internal;

import io.custos.api.KeyReference;
import io.custos.api.error.CryptoException;
import io.custos.api.error.ErrorCode;
import io.custos.crypto.CiphertextFormat;
import io.custos.jpa.ProtectedColumn;
import io.custos.rotation.RotationEnvironment;
import io.custos.rotation.RotationJobException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The columns of one table that a job moves: those whose current key (what the converters would write now)
 * is the job's key. The current version is what the column's own protector reports (or, if it cannot tell,
 * the header of a constant probe it encrypts), so it is exactly what the converters write.
 */
public final class TablePlan {
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_$.]{0,127}");
    private static final byte[] PROBE = "custos-rotation-probe".getBytes(StandardCharsets.US_ASCII);

    private final String table;
    private final String idColumn;
    private final List<ProtectedColumn> columns;
    private final List<KeyReference> targets;
    private final String tenant;

    private TablePlan(String table, String idColumn, List<ProtectedColumn> columns, List<KeyReference> targets,
                      String tenant) {
        this.table = table;
        this.idColumn = idColumn;
        this.columns = List.copyOf(columns);
        this.targets = List.copyOf(targets);
        this.tenant = tenant;
    }

    /**
     * The tables with columns under {@code keyId}, in column order.
     *
     * @throws CryptoException      if a probe fails (key source down, key not usable)
     * @throws RotationJobException CUSTOS-8006 for a table without one plain id column
     */
    public static List<TablePlan> forKey(RotationEnvironment env, long keyId) throws CryptoException {
        Map<String, List<ProtectedColumn>> cols = new LinkedHashMap<>();
        Map<String, List<KeyReference>> refs = new LinkedHashMap<>();
        for (ProtectedColumn c : env.columns()) {
            KeyReference current = currentKey(c, env.tenant());
            if (current.keyId() == keyId) {
                String t = c.table().toUpperCase(Locale.ROOT);
                cols.computeIfAbsent(t, k -> new ArrayList<>()).add(c);
                refs.computeIfAbsent(t, k -> new ArrayList<>()).add(current);
            }
        }
        List<TablePlan> out = new ArrayList<>();
        for (Map.Entry<String, List<ProtectedColumn>> e : cols.entrySet()) {
            ProtectedColumn first = e.getValue().get(0);
            if (first.idColumns().size() != 1) {
                throw new RotationJobException(ErrorCode.ROTATION_TABLE_UNSUPPORTED, e.getKey(),
                        "it has " + first.idColumns().size() + " id columns; one is needed");
            }
            String id = first.idColumns().get(0);
            checkName(e.getKey(), e.getKey());
            checkName(e.getKey(), id);
            for (ProtectedColumn c : e.getValue()) {
                checkName(e.getKey(), c.column());
                if (c.indexColumn().isPresent()) {
                    checkName(e.getKey(), c.indexColumn().get());
                }
            }
            out.add(new TablePlan(first.table(), id, e.getValue(), refs.get(e.getKey()), env.tenant()));
        }
        return out;
    }

    /**
     * The key version the converters write now for {@code column}: as the protector tells it, else read from the
     * header of a probe it encrypts (exactly what the converters would write).
     */
    static KeyReference currentKey(ProtectedColumn column, String tenant) throws CryptoException {
        var ctx = column.context(tenant, column.bindsRow() ? "0" : null);
        java.util.Optional<KeyReference> told = column.protector().currentKey(ctx);
        return told.isPresent() ? told.get() : CiphertextFormat.keyOf(column.protector().encrypt(PROBE, ctx));
    }

    private static void checkName(String table, String name) throws RotationJobException {
        if (!NAME.matcher(name).matches()) {
            throw new RotationJobException(ErrorCode.ROTATION_TABLE_UNSUPPORTED, table,
                    "name " + name + " is not a plain SQL identifier");
        }
    }

    public String table() {
        return table;
    }

    public String idColumn() {
        return idColumn;
    }

    public List<ProtectedColumn> columns() {
        return columns;
    }

    /** The version each column moves to (same order as {@link #columns()}). */
    public KeyReference target(int column) {
        return targets.get(column);
    }

    public String tenant() {
        return tenant;
    }

    /** Keyset page: ids after the last one, up to the partition's upper bound. */
    public String selectPage(boolean bounded, int rows) {
        StringBuilder sql = new StringBuilder("SELECT ").append(idColumn);
        for (ProtectedColumn c : columns) {
            sql.append(", ").append(c.column());
        }
        sql.append(" FROM ").append(table).append(" WHERE ").append(idColumn).append(" > ?");
        if (bounded) {
            sql.append(" AND ").append(idColumn).append(" <= ?");
        }
        return sql.append(" ORDER BY ").append(idColumn).append(" FETCH FIRST ").append(rows).append(" ROWS ONLY")
                .toString();
    }

    /** One row by id, with the same columns as {@link #selectPage}. */
    public String selectRow() {
        StringBuilder sql = new StringBuilder("SELECT ").append(idColumn);
        for (ProtectedColumn c : columns) {
            sql.append(", ").append(c.column());
        }
        return sql.append(" FROM ").append(table).append(" WHERE ").append(idColumn).append(" = ?").toString();
    }

    /** Compare-and-set UPDATE of the columns in {@code mask} (and their blind indexes). */
    public String update(int mask) {
        StringBuilder set = new StringBuilder();
        StringBuilder where = new StringBuilder(" WHERE ").append(idColumn).append(" = ?");
        for (int i = 0; i < columns.size(); i++) {
            if ((mask & (1 << i)) == 0) {
                continue;
            }
            ProtectedColumn c = columns.get(i);
            set.append(set.length() == 0 ? "" : ", ").append(c.column()).append(" = ?");
            if (c.indexColumn().isPresent() && !c.binary()) {
                set.append(", ").append(c.indexColumn().get()).append(" = ?");
            }
            where.append(" AND ").append(c.column()).append(" = ?");
        }
        return "UPDATE " + table + " SET " + set + where;
    }

    @Override
    public String toString() {
        return "TablePlan[" + table + ", " + columns.size() + " columns]";
    }
}
