package io.custos.api;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * Where a protected value lives: tenant, table (or entity), column (or field), the row's id when it is
 * known before the write, plus the data class, an optional data subject and the caller's purpose.
 *
 * <p>Tenant, table, column and (in randomized mode) row id are bound into the ciphertext as AEAD
 * associated data, so a value copied to another tenant, column or row fails to decrypt. Table and column
 * names are compared case-insensitively (upper-cased with {@link Locale#ROOT}). Data class, subject and
 * purpose are <em>not</em> bound: they choose keys and feed the audit trail, and a value stays readable
 * when a field is reclassified or read for another purpose. The canonical byte encoding is specified in
 * {@code docs/ciphertext-format.md}.
 *
 * <h2>Security guarantees</h2>
 * Contains ids and names only; safe to log.
 */
public final class ProtectionContext {
    private static final byte[] DOMAIN = "CUSTOS-CTX".getBytes(StandardCharsets.US_ASCII);
    private static final byte ENCODING_VERSION = 1;
    /** One checksum per thread for the per-value row-bound checks (a JDK type: no class loader is kept alive). */
    private static final ThreadLocal<CRC32C> CRC = ThreadLocal.withInitial(CRC32C::new);
    static final int MAX_NAME = 128;
    static final int MAX_ROW_ID = 256;

    private final String tenant;
    private final String table;
    private final String column;
    private final String rowId;
    private final DataClass dataClass;
    private final String subject;
    private final String purpose;
    private final String columnName;
    /** Domain, version, tenant, table, column and a final "no row" flag (0). */
    private final byte[] columnBoundData;
    private final int columnBoundCheck;
    /**
     * The row part replacing the final flag of {@link #columnBoundData} in the row-bound encoding: flag 1,
     * length, UTF-8 row id; {@code null} without a row. Never exposed, so the contexts of one row's columns
     * share it.
     */
    private final byte[] rowPart;
    /**
     * The CRC-32C of the row-bound encoding, computed when first asked; 0 until then (a CRC that is 0 is
     * computed on every call). One int, written once with an idempotent value: like {@link String#hashCode},
     * safe when threads race.
     */
    private int rowBoundCheck;

    private ProtectionContext(Builder b) {
        this.tenant = b.tenant;
        this.table = b.table;
        this.column = b.column;
        this.rowId = b.rowId;
        this.dataClass = b.dataClass;
        this.subject = b.subject;
        this.purpose = b.purpose;
        this.columnName = table + "." + column;
        this.columnBoundData = encodeColumn();
        this.columnBoundCheck = crc(columnBoundData);
        this.rowPart = rowId == null ? null : encodeRow(rowId);
    }

    /** Another row of the same column: reuses the column-bound encoding, so per-row contexts are cheap. */
    private ProtectionContext(ProtectionContext sameColumn, String rowId, byte[] rowPart) {
        this.tenant = sameColumn.tenant;
        this.table = sameColumn.table;
        this.column = sameColumn.column;
        this.rowId = rowId;
        this.dataClass = sameColumn.dataClass;
        this.subject = sameColumn.subject;
        this.purpose = sameColumn.purpose;
        this.columnName = sameColumn.columnName;
        this.columnBoundData = sameColumn.columnBoundData;
        this.columnBoundCheck = sameColumn.columnBoundCheck;
        this.rowPart = rowPart;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A shortcut for the common case; validates like the builder. */
    public static ProtectionContext of(String tenant, String table, String column) {
        return builder().tenant(tenant).table(table).column(column).build();
    }

    public String tenant() {
        return tenant;
    }

    public String table() {
        return table;
    }

    public String column() {
        return column;
    }

    public Optional<String> rowId() {
        return Optional.ofNullable(rowId);
    }

    public DataClass dataClass() {
        return dataClass;
    }

    public Optional<String> subject() {
        return Optional.ofNullable(subject);
    }

    public Optional<String> purpose() {
        return Optional.ofNullable(purpose);
    }

    /** {@code TABLE.COLUMN}, the name used in every message about this value. */
    public String columnName() {
        return columnName;
    }

    /** A copy of this context for another row (validated like {@link Builder#rowId(String)}). */
    public ProtectionContext withRowId(String newRowId) {
        String id = Builder.name("rowId", newRowId, MAX_ROW_ID, true);
        return new ProtectionContext(this, id, id == null ? null : encodeRow(id));
    }

    /**
     * A copy of this context for the row of {@code sameRow} (a context of another column of the same row,
     * whose row id was validated when it was made): what {@code withRowId(sameRow.rowId())} gives, without
     * validating and encoding the row id again — for reading the several protected columns of one row.
     *
     * @since 1.1
     */
    public ProtectionContext withRowOf(ProtectionContext sameRow) {
        Objects.requireNonNull(sameRow, "sameRow");
        return new ProtectionContext(this, sameRow.rowId, sameRow.rowPart);
    }

    /** A copy of this context carrying the caller's purpose (for audit and pseudonym keys). */
    public ProtectionContext withPurpose(String newPurpose) {
        return toBuilder().purpose(newPurpose).build();
    }

    public Builder toBuilder() {
        return builder().tenant(tenant).table(table).column(column).rowId(rowId)
                .dataClass(dataClass).subject(subject).purpose(purpose);
    }

    /**
     * The canonical associated data. With {@code bindRow} the row id is included when present (randomized
     * mode); without it the encoding is the same for every row of the column (deterministic mode).
     *
     * @return a fresh copy
     */
    public byte[] associatedData(boolean bindRow) {
        byte[] out = new byte[associatedDataLength(bindRow)];
        copyAssociatedData(bindRow, out, 0);
        return out;
    }

    /**
     * The length of {@link #associatedData(boolean)}, for callers that assemble it into a buffer of their own.
     *
     * @since 1.1
     */
    public int associatedDataLength(boolean bindRow) {
        return bindRow && rowPart != null ? columnBoundData.length - 1 + rowPart.length : columnBoundData.length;
    }

    /**
     * Copies {@link #associatedData(boolean)} into {@code destination} at {@code offset} (which must have
     * room for {@link #associatedDataLength(boolean)} bytes), without allocating a copy.
     *
     * @return the number of bytes copied
     * @since 1.1
     */
    public int copyAssociatedData(boolean bindRow, byte[] destination, int offset) {
        if (bindRow && rowPart != null) {
            int head = columnBoundData.length - 1;
            System.arraycopy(columnBoundData, 0, destination, offset, head);
            System.arraycopy(rowPart, 0, destination, offset + head, rowPart.length);
            return head + rowPart.length;
        }
        System.arraycopy(columnBoundData, 0, destination, offset, columnBoundData.length);
        return columnBoundData.length;
    }

    /**
     * A CRC-32C of {@link #associatedData(boolean)}: not a security measure (the AEAD tag is), but a
     * check written into the ciphertext header so that a value moved to another row or column is
     * reported as such instead of as a generic decryption failure.
     */
    public int contextCheck(boolean bindRow) {
        if (!bindRow || rowPart == null) {
            return columnBoundCheck;
        }
        int check = rowBoundCheck;
        if (check == 0) {
            CRC32C crc = CRC.get();
            crc.reset();
            crc.update(columnBoundData, 0, columnBoundData.length - 1);
            crc.update(rowPart);
            check = (int) crc.getValue();
            rowBoundCheck = check;
        }
        return check;
    }

    /** Domain, version, tenant, table, column and the "no row" flag: the column-bound encoding. */
    private byte[] encodeColumn() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        out.writeBytes(DOMAIN);
        out.write(ENCODING_VERSION);
        writeString(out, tenant);
        writeString(out, table);
        writeString(out, column);
        out.write(0);
        return out.toByteArray();
    }

    /** The row part of the row-bound encoding: flag 1, the row id's length (2 bytes) and its UTF-8 bytes. */
    private static byte[] encodeRow(String rowId) {
        byte[] id = rowId.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[3 + id.length];
        out[0] = 1;
        out[1] = (byte) (id.length >>> 8);
        out[2] = (byte) id.length;
        System.arraycopy(id, 0, out, 3, id.length);
        return out;
    }

    private static void writeString(ByteArrayOutputStream out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.write(bytes.length >>> 8);
        out.write(bytes.length);
        out.writeBytes(bytes);
    }

    private static int crc(byte[] data) {
        CRC32C crc = new CRC32C();
        crc.update(data);
        return (int) crc.getValue();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProtectionContext other
                && java.util.Arrays.equals(columnBoundData, other.columnBoundData)
                && java.util.Arrays.equals(rowPart, other.rowPart)
                && dataClass == other.dataClass
                && Objects.equals(subject, other.subject)
                && Objects.equals(purpose, other.purpose);
    }

    @Override
    public int hashCode() {
        return Objects.hash(tenant, table, column, rowId, dataClass, subject, purpose);
    }

    @Override
    public String toString() {
        return "ProtectionContext[tenant=" + tenant + ", column=" + columnName()
                + (rowId != null ? ", row=" + rowId : "")
                + ", class=" + dataClass
                + (subject != null ? ", subject=" + subject : "")
                + (purpose != null ? ", purpose=" + purpose : "") + "]";
    }

    /** Builds a context; each setter validates at once and {@link #build()} checks completeness. */
    public static final class Builder {
        private String tenant;
        private String table;
        private String column;
        private String rowId;
        private DataClass dataClass = DataClass.GENERAL;
        private String subject;
        private String purpose;

        private Builder() {
        }

        public Builder tenant(String value) {
            this.tenant = name("tenant", value, MAX_NAME, false);
            return this;
        }

        public Builder table(String value) {
            this.table = upper(name("table", value, MAX_NAME, false));
            return this;
        }

        public Builder column(String value) {
            this.column = upper(name("column", value, MAX_NAME, false));
            return this;
        }

        /** The row's id as text, or {@code null} when it is not known before the write. */
        public Builder rowId(String value) {
            this.rowId = name("rowId", value, MAX_ROW_ID, true);
            return this;
        }

        public Builder dataClass(DataClass value) {
            this.dataClass = Objects.requireNonNull(value, "dataClass");
            return this;
        }

        /** The data subject (e.g. a patient id) whose own key protects the value, for crypto-shredding. */
        public Builder subject(String value) {
            this.subject = name("subject", value, MAX_ROW_ID, true);
            return this;
        }

        public Builder purpose(String value) {
            this.purpose = name("purpose", value, MAX_NAME, true);
            return this;
        }

        public ProtectionContext build() {
            if (tenant == null || table == null || column == null) {
                throw new IllegalArgumentException(io.custos.api.error.ErrorCode.CONTEXT_INVALID.format(
                        tenant == null ? "tenant" : table == null ? "table" : "column", "required"));
            }
            return new ProtectionContext(this);
        }

        private static String upper(String s) {
            return s == null ? null : s.toUpperCase(Locale.ROOT);
        }

        private static String name(String field, String value, int max, boolean optional) {
            if (value == null) {
                if (optional) {
                    return null;
                }
                throw invalid(field, "required");
            }
            if (value.isBlank()) {
                throw invalid(field, "blank");
            }
            if (value.length() > max) {
                throw invalid(field, "longer than " + max + " characters");
            }
            for (int i = 0; i < value.length(); i++) {
                if (Character.isISOControl(value.charAt(i))) {
                    throw invalid(field, "contains a control character");
                }
            }
            return value;
        }

        private static IllegalArgumentException invalid(String field, String why) {
            return new IllegalArgumentException(io.custos.api.error.ErrorCode.CONTEXT_INVALID.format(field, why));
        }
    }
}
