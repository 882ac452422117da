package io.custos.jpa.internal;

import java.util.Collection;
import org.eclipse.persistence.descriptors.ClassDescriptor;
import org.eclipse.persistence.descriptors.changetracking.DeferredChangeDetectionPolicy;
import org.eclipse.persistence.internal.sessions.ObjectChangeSet;
import org.eclipse.persistence.internal.sessions.UnitOfWorkChangeSet;
import org.eclipse.persistence.internal.sessions.UnitOfWorkImpl;

/**
 * Deferred change detection (compare with the backup clone at flush), plus lazy re-encryption: when an
 * existing entity has changes, its protected values read under an older key version are written too,
 * under the current version. Deferred detection also lets legacy values and blind indexes be rewritten.
 */
final class RewritingChangePolicy extends DeferredChangeDetectionPolicy {
    private static final long serialVersionUID = 1L;

    private final transient Collection<ProtectedFieldMapping> fields;

    RewritingChangePolicy(Collection<ProtectedFieldMapping> fields) {
        this.fields = fields;
    }

    @Override
    public ObjectChangeSet calculateChanges(Object clone, Object backUp, boolean isNew, UnitOfWorkChangeSet changeSet,
                                            UnitOfWorkImpl unitOfWork, ClassDescriptor descriptor, boolean shouldRaiseEvent) {
        ObjectChangeSet changes = super.calculateChanges(clone, backUp, isNew, changeSet, unitOfWork, descriptor,
                shouldRaiseEvent);
        if (changes != null && !isNew && !changes.isNew() && changes.hasChanges()) {
            for (ProtectedFieldMapping field : fields) {
                field.addPendingRewrite(clone, changes, unitOfWork);
            }
        }
        return changes;
    }
}
