package io.custos.jpa.internal;

import io.custos.api.error.AuditUnavailableException;
import io.custos.api.error.ErrorCode;
import io.custos.crypto.Masking;
import io.custos.jpa.Caller;
import io.custos.jpa.FieldAccessDeniedException;
import io.custos.jpa.ProtectedValueException;
import io.custos.jpa.policy.FieldPolicy;
import io.custos.jpa.policy.WhenDenied;
import io.custos.spi.AuditEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.eclipse.persistence.descriptors.ClassDescriptor;
import org.eclipse.persistence.internal.sessions.AbstractSession;
import org.eclipse.persistence.mappings.DatabaseMapping;
import org.eclipse.persistence.mappings.ForeignReferenceMapping;

/**
 * Builds detached views of entities for one caller: protected fields the caller may not read are masked
 * (text) or emptied (other types), or the read is refused, as the policy says. Managed entities are never
 * touched, and the masked attributes of each view are remembered so a merge cannot write them back.
 */
public final class Views {
    private final AbstractSession session;
    private final Function<Class<?>, EntityProtection> protection;
    private final MaskedViews masked;
    private final Auditor auditor;
    private final String tenant;

    public Views(AbstractSession session, Function<Class<?>, EntityProtection> protection, MaskedViews masked,
                 Auditor auditor, String tenant) {
        this.session = session;
        this.protection = protection;
        this.masked = masked;
        this.auditor = auditor;
        this.tenant = tenant;
    }

    /** A view of a query or method result: entities, collections of them, {@link Optional}s; others as they are. */
    public Object viewResult(Object result, Caller caller) {
        return view(result, caller, new IdentityHashMap<>());
    }

    private Object view(Object value, Caller caller, Map<Object, Object> seen) {
        if (value == null) {
            return null;
        }
        if (value instanceof Optional<?> o) {
            return o.map(v -> view(v, caller, seen));
        }
        if (value instanceof Collection<?> c) {
            Collection<Object> out = value instanceof Set<?> ? new LinkedHashSet<>() : new ArrayList<>(c.size());
            for (Object element : c) {
                out.add(view(element, caller, seen));
            }
            return out;
        }
        ClassDescriptor d = session.getClassDescriptor(value.getClass());
        if (d == null || d.isAggregateDescriptor()) {
            return value;
        }
        Object done = seen.get(value);
        if (done != null) {
            return done;
        }
        return copy(value, d, caller, seen);
    }

    private Object copy(Object entity, ClassDescriptor d, Caller caller, Map<Object, Object> seen) {
        Object copy = d.getObjectBuilder().buildNewInstance();
        seen.put(entity, copy);
        EntityProtection p = protection.apply(d.getJavaClass());
        Set<String> maskedAttributes = new HashSet<>();
        String rowId = null;
        for (DatabaseMapping m : d.getMappings()) {
            if (m.getAttributeAccessor() instanceof BlindIndexAccessor) {
                continue;
            }
            if (m instanceof ProtectedFieldMapping pm) {
                if (rowId == null) {
                    rowId = ProtectedFieldMapping.text(d.getObjectBuilder().extractPrimaryKeyFromObject(entity, session, true));
                }
                Object value = pm.getAttributeValueFromObject(entity);
                if (readable(pm.codec().policy(), caller, rowId, value != null)) {
                    pm.setAttributeValueInObject(copy, value);
                } else {
                    Object masked = mask(pm, value);
                    if (masked != null) {
                        pm.setAttributeValueInObject(copy, masked);
                    } // else the new instance keeps its default (null, or 0 for a primitive)
                    maskedAttributes.add(pm.getAttributeName());
                }
            } else if (m instanceof ForeignReferenceMapping) {
                Object target;
                try {
                    target = m.getRealAttributeValueFromObject(entity, session);
                } catch (RuntimeException e) {
                    continue; // not loaded and no longer loadable (closed EntityManager): leave it empty
                }
                m.setRealAttributeValueInObject(copy, view(target, caller, seen));
            } else {
                m.setAttributeValueInObject(copy, m.getAttributeValueFromObject(entity));
            }
        }
        if (p != null) {
            masked.register(copy, maskedAttributes);
        }
        return copy;
    }

    /** Whether the caller sees the plaintext; audits reads and denials as the policy says. */
    private boolean readable(FieldPolicy f, Caller caller, String rowId, boolean hasValue) {
        if (!hasValue) {
            return true; // NULL reveals nothing the column itself does not
        }
        if (f.mayRead(caller.roles())) {
            if (f.auditReads()) {
                try {
                    auditor.required(caller.name(), "read", AuditEvent.Outcome.SUCCESS, tenant, f.name(), rowId,
                            caller.purpose(), null, Map.of("level", f.level().name()));
                } catch (AuditUnavailableException e) {
                    // fail closed: no audited read, no plaintext
                    throw new ProtectedValueException(ErrorCode.FIELD_UNREADABLE, e, f.entity(), f.attribute(), rowId,
                            e.getMessage());
                }
            }
            return true;
        }
        auditor.bestEffort(caller.name(), "read", AuditEvent.Outcome.DENIED, tenant, f.name(), rowId, caller.purpose(),
                Map.of("level", f.level().name(), "result", f.whenDenied() == WhenDenied.REFUSE ? "refused" : "masked"));
        if (f.whenDenied() == WhenDenied.REFUSE) {
            throw new FieldAccessDeniedException(ErrorCode.FIELD_READ_DENIED, f.entity(), f.attribute(), rowId,
                    caller.name(), String.join(", ", new java.util.TreeSet<>(f.readRoles())));
        }
        return false;
    }

    private static Object mask(ProtectedFieldMapping pm, Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof String s) {
            return Masking.apply(pm.codec().policy().mask(), s);
        }
        return null;
    }
}
