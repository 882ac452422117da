package io.custos.jpa;

import io.custos.api.DataClass;
import io.custos.api.EncryptionMode;
import io.custos.api.FieldProtector;
import io.custos.api.ProtectionContext;
import io.custos.jpa.internal.BlindIndexAccessor;
import io.custos.jpa.internal.FieldCodec;
import io.custos.jpa.policy.FieldPolicy;
import java.util.List;
import java.util.Optional;

/**
 * One protected column of a persistence unit, as a bulk job outside JPA needs it: where it is, how its
 * ciphertexts are bound, which primitive encrypts it and where its blind index lives. Obtained from
 * {@link ProtectionRuntime#columns()}; a job that rewrites values with {@link #context} and
 * {@link #protector()} produces exactly what the converters would.
 *
 * <h2>Security guarantees</h2>
 * Holds no key and no value; {@link #toString()} names the column only.
 */
public final class ProtectedColumn {
    private final FieldCodec codec;
    private final List<String> idColumns;
    private final String indexColumn;
    private final BlindIndexAccessor index;
    private final String defaultTenant;

    ProtectedColumn(FieldCodec codec, List<String> idColumns, String indexColumn, BlindIndexAccessor index,
                    String defaultTenant) {
        this.codec = codec;
        this.idColumns = List.copyOf(idColumns);
        this.indexColumn = indexColumn;
        this.index = index;
        this.defaultTenant = defaultTenant;
    }

    public FieldPolicy policy() {
        return codec.policy();
    }

    public String entity() {
        return codec.policy().entity();
    }

    public String attribute() {
        return codec.policy().attribute();
    }

    public DataClass dataClass() {
        return codec.policy().dataClass();
    }

    public EncryptionMode mode() {
        return codec.protector().mode();
    }

    public String table() {
        return codec.table();
    }

    public String column() {
        return codec.column();
    }

    /** The primary-key columns, in key order; the row id is their values joined by commas. */
    public List<String> idColumns() {
        return idColumns;
    }

    /** Whether the column stores bytes ({@code byte[]}) rather than {@code $cu1$} text. */
    public boolean binary() {
        return codec.type().isBinary();
    }

    /** Whether ciphertexts carry their row id (randomized mode with ids known before insert). */
    public boolean bindsRow() {
        return codec.bindsRow();
    }

    /** Whether the policy accepts legacy plaintext in this column. */
    public boolean acceptsLegacy() {
        return codec.policy().legacy();
    }

    /** The tenant bound when the session names none. */
    public String defaultTenant() {
        return defaultTenant;
    }

    /** The context the converters bind for a value of {@code rowId} (the id's text form) under {@code tenant}. */
    public ProtectionContext context(String tenant, String rowId) {
        ProtectionContext c = codec.context(tenant);
        return codec.bindsRow() && rowId != null ? c.withRowId(rowId) : c;
    }

    /** The primitive that encrypts and decrypts this column. */
    public FieldProtector protector() {
        return codec.protector();
    }

    /** The blind-index column, if the field keeps one. */
    public Optional<String> indexColumn() {
        return Optional.ofNullable(indexColumn);
    }

    /**
     * The blind index of a plaintext value in its text form (as the attribute type writes it).
     *
     * @throws ProtectedValueException if the field keeps no index or the index key is unusable
     */
    public String index(String plaintextText) {
        if (index == null) {
            throw new ProtectedValueException(io.custos.api.error.ErrorCode.BLIND_INDEX_MISSING, entity(), attribute());
        }
        return index.index(plaintextText);
    }

    @Override
    public String toString() {
        return "ProtectedColumn[" + entity() + "." + attribute() + " -> " + table() + "." + column() + ", " + mode()
                + (bindsRow() ? ", row-bound" : "") + (indexColumn != null ? ", index " + indexColumn : "") + "]";
    }
}
