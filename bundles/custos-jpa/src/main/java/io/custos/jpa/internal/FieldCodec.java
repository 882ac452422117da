package io.custos.jpa.internal;

import io.custos.api.FieldProtector;
import io.custos.api.KeyReference;
import io.custos.api.OpenedValue;
import io.custos.api.ProtectionContext;
import io.custos.api.error.CryptoException;
import io.custos.api.error.ErrorCode;
import io.custos.crypto.CiphertextFormat;
import io.custos.jpa.ProtectedValueException;
import io.custos.jpa.policy.FieldPolicy;
import io.custos.spi.AuditEvent;
import java.sql.Clob;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.persistence.mappings.DatabaseMapping;
import org.eclipse.persistence.mappings.converters.Converter;
import org.eclipse.persistence.sessions.Session;

/**
 * The EclipseLink converter of one protected column. It knows its table and column from the customizer
 * (and {@link #initialize}), binds tenant, table, column and, in randomized mode, the row id into every
 * ciphertext, and always returns the true value: masking is not its business (the shared cache would
 * serve a masked value to everyone).
 *
 * <p>The {@link Converter} methods have no row: EclipseLink uses them for query parameters and
 * projections. {@link ProtectedFieldMapping} calls {@link #encrypt}/{@link #decrypt} with the row id.
 */
public final class FieldCodec implements Converter {
    private static final long serialVersionUID = 1L;
    /** The session property EclipseLink multitenancy uses; when set it names the tenant. */
    static final String TENANT_PROPERTY = "eclipselink.tenant-id";
    /** Rows under an older key version remembered per column for lazy re-encryption. */
    static final int MAX_STALE_ROWS = 100_000;

    private final transient FieldPolicy policy;
    private final transient ValueType type;
    private final transient FieldProtector protector;
    private final transient Auditor auditor;
    private final transient LegacyValues legacy = new LegacyValues();
    private final transient LegacyValues stale = new LegacyValues(MAX_STALE_ROWS);
    /** The current key version last seen per tenant: a value under it needs no lookup on read. */
    private final transient Map<String, KeyReference> currentKeys = new ConcurrentHashMap<>();
    private transient volatile KeyReference defaultCurrentKey;
    private final boolean reencrypt;
    private final transient ProtectionContext defaultContext;
    private final transient Map<String, ProtectionContext> contexts = new ConcurrentHashMap<>();
    private final String defaultTenant;
    private final String table;
    private final String column;
    private final boolean bindRow;

    public FieldCodec(FieldPolicy policy, ValueType type, FieldProtector protector, Auditor auditor,
                      String defaultTenant, String table, String column, boolean bindRow, boolean reencrypt) {
        this.reencrypt = reencrypt;
        this.policy = policy;
        this.type = type;
        this.protector = protector;
        this.auditor = auditor;
        this.defaultTenant = defaultTenant;
        this.table = table;
        this.column = column;
        this.bindRow = bindRow && protector.mode() == io.custos.api.EncryptionMode.RANDOMIZED;
        this.defaultContext = ProtectionContext.builder().tenant(defaultTenant).table(table).column(column)
                .dataClass(policy.dataClass()).build();
    }

    public FieldPolicy policy() {
        return policy;
    }

    public ValueType type() {
        return type;
    }

    /** The engine primitive of this column (its mode decides randomized or deterministic). */
    public FieldProtector protector() {
        return protector;
    }

    public String table() {
        return table;
    }

    public String column() {
        return column;
    }

    /** Whether ciphertexts of this column carry their row id (randomized mode with ids known before insert). */
    public boolean bindsRow() {
        return bindRow;
    }

    /** The context of this column for {@code tenant}, without a row. */
    public ProtectionContext context(String tenant) {
        if (tenant.equals(defaultTenant)) {
            return defaultContext;
        }
        return contexts.computeIfAbsent(tenant, t -> ProtectionContext.builder().tenant(t).table(table).column(column)
                .dataClass(policy.dataClass()).build());
    }

    /** The tenant of a session: EclipseLink's tenant id when the session has one, else the default. */
    public String tenant(Session session) {
        if (session != null) {
            Object t = session.getProperty(TENANT_PROPERTY);
            if (t instanceof String s && !s.isBlank()) {
                return s;
            }
        }
        return defaultTenant;
    }

    /**
     * Encrypts an attribute value for the database.
     *
     * @param rowId the row's id if known (bound only in randomized mode), else {@code null}
     * @throws ProtectedValueException CUSTOS-1302 naming entity, field and row when encryption fails
     */
    public Object encrypt(Object value, String rowId, Session session) {
        if (value == null) {
            return null;
        }
        String tenant = tenant(session);
        ProtectionContext ctx = bindRow && rowId != null ? context(tenant).withRowId(rowId) : context(tenant);
        return encrypt(value, rowId, tenant, ctx);
    }

    /** Encrypts a value of the entity {@code row} describes, reusing what its other columns computed. */
    Object encrypt(Object value, RowMemo row) {
        if (value == null) {
            return null;
        }
        return encrypt(value, row.rowId, row.tenant, rowContext(row));
    }

    private ProtectionContext rowContext(RowMemo row) {
        ProtectionContext ctx = context(row.tenant);
        if (bindRow && row.rowId != null) {
            ProtectionContext sameRow = row.rowContext();
            if (sameRow != null) {
                return ctx.withRowOf(sameRow);
            }
            ctx = ctx.withRowId(row.rowId);
            row.rowContext(ctx);
        }
        return ctx;
    }

    private Object encrypt(Object value, String rowId, String tenant, ProtectionContext ctx) {
        try {
            if (type.isBinary()) {
                return protector.encrypt((byte[]) value, ctx);
            }
            return protector.encryptText(type.toText(value), ctx);
        } catch (CryptoException e) {
            auditor.bestEffort("system", "encrypt", AuditEvent.Outcome.FAILED, tenant, policy.name(), rowId, null,
                    Map.of("error", e.code().id()));
            throw new ProtectedValueException(ErrorCode.FIELD_UNWRITABLE, e, policy.entity(), policy.attribute(),
                    rowId == null ? "(new)" : rowId, e.getMessage());
        } finally {
            legacy.rewritten(tenant, rowId);
            stale.rewritten(tenant, rowId);
        }
    }

    /**
     * Decrypts a stored value (or passes legacy plaintext through where the policy accepts it).
     *
     * @param rowId the row's id if known, else {@code null}
     * @throws ProtectedValueException CUSTOS-1301 naming entity, field and row when the value is damaged,
     *                                 moved, or its key is unusable
     */
    public Object decrypt(Object stored, String rowId, Session session) {
        if (stored == null) {
            return null;
        }
        String tenant = tenant(session);
        ProtectionContext ctx = bindRow && rowId != null ? context(tenant).withRowId(rowId) : context(tenant);
        return decrypt(stored, rowId, tenant, ctx);
    }

    /** Decrypts a value of the row {@code row} describes, reusing what the row's other columns computed. */
    Object decrypt(Object stored, RowMemo row) {
        return decrypt(stored, row.rowId, row.tenant, rowContext(row));
    }

    private Object decrypt(Object stored, String rowId, String tenant, ProtectionContext ctx) {
        // the usual case first and small, so the JIT inlines it into the mapping's read; the rest out of line
        try {
            if (stored instanceof String text && !type.isBinary()) {
                return opened(protector.openText(text, ctx, policy.legacy()), rowId, tenant, ctx);
            }
            return decryptOther(stored, rowId, tenant, ctx);
        } catch (CryptoException e) {
            throw unreadable(e, rowId, tenant);
        } catch (ProtectedValueException e) {
            throw e;
        } catch (RuntimeException e) {
            throw notOfType(rowId);
        }
    }

    private Object opened(OpenedValue<String> opened, String rowId, String tenant, ProtectionContext ctx) {
        if (opened.isLegacyPlaintext()) {
            legacy.mark(tenant, rowId);
        } else if (reencrypt) {
            noteVersion(opened.key(), tenant, ctx, rowId);
        }
        return type.fromText(opened.value());
    }

    private Object decryptOther(Object stored, String rowId, String tenant, ProtectionContext ctx) throws CryptoException {
        if (type.isBinary()) {
            byte[] bytes = (byte[]) stored;
            if (policy.legacy() && !CiphertextFormat.looksLikeCiphertext(bytes)) {
                legacy.mark(tenant, rowId);
                return bytes;
            }
            byte[] plain = protector.decrypt(bytes, ctx);
            if (reencrypt) {
                noteVersion(CiphertextFormat.keyOf(bytes), tenant, ctx, rowId);
            }
            return plain;
        }
        if (!(stored instanceof String) && !(stored instanceof Clob)) {
            return legacyNonText(stored, tenant, rowId);
        }
        return opened(protector.openText(text(stored), ctx, policy.legacy()), rowId, tenant, ctx);
    }

    private ProtectedValueException unreadable(CryptoException e, String rowId, String tenant) {
        auditor.bestEffort("system", "decrypt", AuditEvent.Outcome.FAILED, tenant, policy.name(), rowId, null,
                Map.of("error", e.code().id()));
        return new ProtectedValueException(ErrorCode.FIELD_UNREADABLE, e, policy.entity(), policy.attribute(),
                rowId == null ? "(unknown)" : rowId, e.getMessage());
    }

    /** A legacy text that does not parse as the attribute's type; the value itself is not reported. */
    private ProtectedValueException notOfType(String rowId) {
        return new ProtectedValueException(ErrorCode.FIELD_UNREADABLE, policy.entity(), policy.attribute(),
                rowId == null ? "(unknown)" : rowId, "stored text is not a valid " + type.type().getSimpleName());
    }

    /**
     * Whether this column's key has usable versions besides the current one (a rotation is under way).
     *
     * @throws ProtectedValueException CUSTOS-1302 when the key source cannot tell
     */
    boolean severalVersions(Session session) {
        try {
            return protector.severalVersions(context(tenant(session)));
        } catch (CryptoException e) {
            throw new ProtectedValueException(ErrorCode.FIELD_UNWRITABLE, e, policy.entity(), policy.attribute(),
                    "(search)", e.getMessage());
        }
    }

    /**
     * What an equality search for {@code value} must match in this column: its ciphertext under every
     * version of the key that may still decrypt, the current one first (one element with a single version).
     *
     * @throws ProtectedValueException CUSTOS-1302 when the search term cannot be computed
     */
    List<?> equalityTerms(Object value, Session session) {
        if (type.isBinary() && !(value instanceof byte[])) {
            return List.of(encrypt(value, null, session));
        }
        String tenant = tenant(session);
        ProtectionContext ctx = context(tenant);
        try {
            return type.isBinary() ? protector.equalityTerms((byte[]) value, ctx)
                    : protector.equalityTermsText(type.toText(value), ctx);
        } catch (CryptoException e) {
            throw new ProtectedValueException(ErrorCode.FIELD_UNWRITABLE, e, policy.entity(), policy.attribute(),
                    "(search)", e.getMessage());
        }
    }

    /** Whether values read under an older key version are re-encrypted on their entity's next write. */
    public boolean reencrypts() {
        return reencrypt;
    }

    /**
     * Remembers {@code rowId} for re-encryption when {@code key} is not the current version of the
     * column's key. Reading never fails for want of the current key: the value is then not rewritten.
     */
    private void noteVersion(KeyReference key, String tenant, ProtectionContext ctx, String rowId) {
        boolean usual = tenant.equals(defaultTenant);
        if (rowId == null || key.equals(usual ? defaultCurrentKey : currentKeys.get(tenant))) {
            return;
        }
        KeyReference current;
        try {
            current = protector.currentKey(ctx).orElse(null);
        } catch (CryptoException e) {
            return;
        }
        if (current != null) {
            if (usual) {
                defaultCurrentKey = current;
            } else {
                currentKeys.put(tenant, current);
            }
            if (!key.equals(current)) {
                stale.mark(tenant, rowId);
            }
        }
    }

    /** Whether the value of {@code rowId} was read under an older key version and awaits re-encryption. */
    boolean isStale(String tenant, String rowId) {
        return stale.contains(tenant, rowId);
    }

    /** Whether the value of {@code rowId} was read as legacy plaintext and awaits rewriting. */
    boolean isLegacy(String tenant, String rowId) {
        return legacy.contains(tenant, rowId);
    }

    private Object legacyNonText(Object stored, String tenant, String rowId) {
        if (!policy.legacy() || !type.type().isInstance(stored)) {
            throw new ProtectedValueException(ErrorCode.FIELD_UNREADABLE, policy.entity(), policy.attribute(),
                    rowId == null ? "(unknown)" : rowId, "column holds a " + stored.getClass().getSimpleName()
                    + ", not Custos ciphertext text");
        }
        legacy.mark(tenant, rowId);
        return stored;
    }

    private String text(Object stored) throws CryptoException {
        if (stored instanceof Clob clob) {
            try {
                return clob.getSubString(1, (int) clob.length());
            } catch (SQLException e) {
                throw new io.custos.api.error.MalformedCiphertextException(ErrorCode.NOT_CIPHERTEXT, table + "." + column,
                        "CLOB unreadable (SQL state " + e.getSQLState() + ")");
            }
        }
        return (String) stored;
    }

    @Override
    public Object convertObjectValueToDataValue(Object objectValue, Session session) {
        return encrypt(objectValue, null, session);
    }

    @Override
    public Object convertDataValueToObjectValue(Object dataValue, Session session) {
        return decrypt(dataValue, null, session);
    }

    @Override
    public boolean isMutable() {
        return false;
    }

    @Override
    public void initialize(DatabaseMapping mapping, Session session) {
        // table and column were fixed by the customizer from the same mapping; nothing is looked up lazily
    }

    @Override
    public String toString() {
        return "FieldCodec[" + table + "." + column + ", " + protector.mode() + (bindRow ? ", row-bound" : "") + "]";
    }
}
