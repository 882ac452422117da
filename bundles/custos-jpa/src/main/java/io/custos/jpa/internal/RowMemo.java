package io.custos.jpa.internal;

import io.custos.api.ProtectionContext;
import java.lang.ref.WeakReference;
import java.util.List;
import org.eclipse.persistence.descriptors.ClassDescriptor;
import org.eclipse.persistence.internal.helper.DatabaseField;
import org.eclipse.persistence.internal.sessions.AbstractRecord;
import org.eclipse.persistence.internal.sessions.AbstractSession;

/**
 * What the protected columns of one row share while EclipseLink builds an entity from it: the row id
 * (extracted once, not once per column), the session's tenant, and a row-bound context whose encoded row
 * id the next column reuses. Kept per thread and keyed by the session and the raw primary-key value, so a
 * value is never decrypted with another row's id (were it, authentication would fail, not leak).
 *
 * <p>The per-thread slot holds only JDK types and weak references, so it keeps no session, entity or
 * class loader of an undeployed application alive.
 */
final class RowMemo {
    private static final int KEY = 0;
    private static final int SESSION = 1;
    private static final int ROW_ID = 2;
    private static final int TENANT = 3;
    private static final int CONTEXT = 4;
    private static final ThreadLocal<Object[]> CURRENT = ThreadLocal.withInitial(() -> new Object[5]);

    final String rowId;
    final String tenant;
    private final Object[] slot;

    private RowMemo(Object[] slot) {
        this.slot = slot;
        this.rowId = (String) slot[ROW_ID];
        this.tenant = (String) slot[TENANT];
    }

    /** The memo of {@code row}: reused while one session reads the same single-column key value. */
    static RowMemo of(AbstractRecord row, ClassDescriptor descriptor, AbstractSession session, FieldCodec codec) {
        Object[] slot = CURRENT.get();
        List<DatabaseField> keyFields = descriptor.getPrimaryKeyFields();
        Object key = keyFields.size() == 1 ? row.get(keyFields.get(0)) : null;
        if (key != null && key.getClass().getClassLoader() == null && key.equals(slot[KEY])
                && slot[SESSION] instanceof WeakReference<?> s && s.get() == session) {
            return new RowMemo(slot);
        }
        slot[KEY] = key != null && key.getClass().getClassLoader() == null ? key : null;
        if (!(slot[SESSION] instanceof WeakReference<?> s && s.get() == session)) {
            slot[SESSION] = new WeakReference<>(session);
        }
        slot[ROW_ID] = ProtectedFieldMapping.text(descriptor.getObjectBuilder().extractPrimaryKeyFromRow(row, session));
        slot[TENANT] = codec.tenant(session);
        slot[CONTEXT] = null;
        return new RowMemo(slot);
    }

    /**
     * The memo of the entity {@code object} being written: reused while one session writes its columns
     * (not while its id is still unknown, since it may be assigned before the next write).
     */
    static RowMemo ofObject(Object object, ClassDescriptor descriptor, AbstractSession session, FieldCodec codec) {
        Object[] slot = CURRENT.get();
        if (slot[KEY] instanceof WeakReference<?> o && o.get() == object && slot[ROW_ID] != null
                && slot[SESSION] instanceof WeakReference<?> s && s.get() == session) {
            return new RowMemo(slot);
        }
        slot[KEY] = new WeakReference<>(object);
        if (!(slot[SESSION] instanceof WeakReference<?> s && s.get() == session)) {
            slot[SESSION] = new WeakReference<>(session);
        }
        slot[ROW_ID] = ProtectedFieldMapping.text(
                descriptor.getObjectBuilder().extractPrimaryKeyFromObject(object, session, true));
        slot[TENANT] = codec.tenant(session);
        slot[CONTEXT] = null;
        return new RowMemo(slot);
    }

    /** A row-bound context of another column of this row, or {@code null}. */
    ProtectionContext rowContext() {
        return slot[CONTEXT] instanceof WeakReference<?> c && c.get() instanceof ProtectionContext ctx ? ctx : null;
    }

    void rowContext(ProtectionContext context) {
        slot[CONTEXT] = new WeakReference<>(context);
    }
}
