package io.custos.jpa.internal;

import java.util.StringJoiner;
import org.eclipse.persistence.descriptors.ClassDescriptor;
import org.eclipse.persistence.internal.identitymaps.CacheId;
import org.eclipse.persistence.internal.identitymaps.CacheKey;
import org.eclipse.persistence.internal.queries.JoinedAttributeManager;
import org.eclipse.persistence.internal.sessions.AbstractRecord;
import org.eclipse.persistence.internal.sessions.AbstractSession;
import org.eclipse.persistence.internal.sessions.ChangeRecord;
import org.eclipse.persistence.internal.sessions.MergeManager;
import org.eclipse.persistence.internal.sessions.ObjectChangeSet;
import org.eclipse.persistence.mappings.DirectToFieldMapping;
import org.eclipse.persistence.queries.ObjectBuildingQuery;
import org.eclipse.persistence.sessions.Session;

/**
 * A direct-to-field mapping whose column is protected. It replaces the mapping EclipseLink built for the
 * attribute (same attribute, accessor and field), so the entity class is unchanged. Writes and reads that
 * know their row go through {@link FieldCodec} with the row id; paths without a row (query parameters,
 * projections) go through the codec as a converter, column-bound only.
 */
public final class ProtectedFieldMapping extends DirectToFieldMapping {
    private static final long serialVersionUID = 1L;

    private final transient FieldCodec codec;
    private final transient MaskedViews views;
    private transient DirectToFieldMapping index;

    ProtectedFieldMapping(FieldCodec codec, MaskedViews views) {
        this.codec = codec;
        this.views = views;
        setConverter(codec);
    }

    public FieldCodec codec() {
        return codec;
    }

    /** The mapping of this field's blind-index column, rewritten together with it. */
    void index(DirectToFieldMapping mapping) {
        this.index = mapping;
    }

    /**
     * Lazy re-encryption: when {@code changes} (of an existing entity that is being written anyway) does
     * not touch this field and its value was read under an older key version, adds the field (and its
     * blind index) to the changes so the row is written under the current version. An entity nobody
     * changes is never written for this.
     */
    void addPendingRewrite(Object clone, ObjectChangeSet changes, AbstractSession session) {
        if (!codec.reencrypts() || changes.getChangesForAttributeNamed(getAttributeName()) != null) {
            return;
        }
        if (!codec.isStale(codec.tenant(session), rowIdOf(clone, session))) {
            return;
        }
        Object value = getAttributeValueFromObject(clone);
        changes.addChange(internalBuildChangeRecord(value, value, changes));
        if (index != null && changes.getChangesForAttributeNamed(index.getAttributeName()) == null) {
            Object indexValue = index.getAttributeValueFromObject(clone);
            changes.addChange(index.internalBuildChangeRecord(indexValue, null, changes));
        }
    }

    @Override
    public void writeFromObjectIntoRow(Object object, AbstractRecord row, AbstractSession session, WriteType writeType) {
        if (isReadOnly() || (writeType == WriteType.INSERT && !isInsertable())
                || (writeType == WriteType.UPDATE && !isUpdatable())) {
            return;
        }
        Object value = getAttributeValueFromObject(object);
        Object fieldValue = value == null ? null : codec.encrypt(value, RowMemo.ofObject(object, descriptor, session, codec));
        if (fieldValue == null) {
            row.setNullValueInFields(true);
        }
        writeValueIntoRow(row, getField(), fieldValue);
    }

    @Override
    public void writeFromObjectIntoRowWithChangeRecord(org.eclipse.persistence.internal.sessions.ChangeRecord changeRecord,
                                                       AbstractRecord row, AbstractSession session, WriteType writeType) {
        if (isReadOnly() || (writeType == WriteType.INSERT && !isInsertable())
                || (writeType == WriteType.UPDATE && !isUpdatable())) {
            return;
        }
        ObjectChangeSet owner = (ObjectChangeSet) changeRecord.getOwner();
        Object clone = owner.getUnitOfWorkClone();
        Object attributeValue = ((org.eclipse.persistence.internal.sessions.DirectToFieldChangeRecord) changeRecord).getNewValue();
        Object fieldValue = attributeValue == null ? null : clone != null
                ? codec.encrypt(attributeValue, RowMemo.ofObject(clone, descriptor, session, codec))
                : codec.encrypt(attributeValue, text(owner.getId()), session);
        if (fieldValue == null) {
            row.setNullValueInFields(true);
        }
        row.add(getField(), fieldValue);
    }

    @Override
    public Object valueFromObject(Object object, org.eclipse.persistence.internal.helper.DatabaseField field,
                                  AbstractSession session) {
        return codec.encrypt(getAttributeValueFromObject(object), rowIdOf(object, session), session);
    }

    @Override
    public Object valueFromRow(AbstractRecord row, JoinedAttributeManager joinManager, ObjectBuildingQuery query,
                               CacheKey cacheKey, AbstractSession executionSession, boolean isTargetProtected,
                               Boolean[] wasCacheUsed) {
        if (row.hasSopObject()) {
            return getAttributeValueFromObject(row.getSopObject());
        }
        if (descriptor.getCachePolicy().isProtectedIsolation() && isCacheable() && isTargetProtected
                && cacheKey != null && cacheKey.getInvalidationState() != CacheKey.CACHE_KEY_INVALID
                && cacheKey.getObject() != null) {
            if (wasCacheUsed != null) {
                wasCacheUsed[0] = Boolean.TRUE;
            }
            return getAttributeValueFromObject(cacheKey.getObject());
        }
        Object stored = row.get(getField());
        if (stored == null) {
            return null;
        }
        return codec.decrypt(stored, RowMemo.of(row, descriptor, executionSession, codec));
    }

    @Override
    public ChangeRecord compareForChange(Object clone, Object backUp, ObjectChangeSet owner, AbstractSession session) {
        ChangeRecord record = super.compareForChange(clone, backUp, owner, session);
        if (record == null && codec.policy().legacy() && !owner.isNew()) {
            // legacy plaintext is rewritten encrypted on the next flush of its entity
            if (codec.isLegacy(codec.tenant(session), rowIdOf(clone, session))) {
                Object value = getAttributeValueFromObject(clone);
                return internalBuildChangeRecord(value, value, owner);
            }
        }
        return record;
    }

    @Override
    public void mergeIntoObject(Object target, boolean isTargetUnInitialized, Object source, MergeManager mergeManager,
                                AbstractSession targetSession) {
        if (views.isMasked(source, getAttributeName())) {
            // a masked view never writes its masked value back over the true one
            return;
        }
        super.mergeIntoObject(target, isTargetUnInitialized, source, mergeManager, targetSession);
    }

    private String rowIdOf(Object object, AbstractSession session) {
        ClassDescriptor d = descriptor;
        return text(d.getObjectBuilder().extractPrimaryKeyFromObject(object, session, true));
    }

    /** The text form of a primary key: its value, or the values of a composite key joined by commas. */
    static String text(Object primaryKey) {
        if (primaryKey == null) {
            return null;
        }
        if (primaryKey instanceof CacheId id) {
            StringJoiner j = new StringJoiner(",");
            for (Object part : id.getPrimaryKey()) {
                j.add(String.valueOf(part));
            }
            return j.toString();
        }
        return String.valueOf(primaryKey);
    }

    /** Paths without a row (projections, result-set reads): column-bound only, so row-bound values fail closed. */
    @Override
    public Object getObjectValue(Object fieldValue, Session session) {
        return codec.decrypt(fieldValue, null, session);
    }

    /** Query parameters and literals: column-bound (deterministic values match; randomized are refused earlier). */
    @Override
    public Object getFieldValue(Object attributeValue, AbstractSession session) {
        if (attributeValue instanceof SearchTerm term) {
            return term.stored();
        }
        return codec.encrypt(attributeValue, null, session);
    }
}
