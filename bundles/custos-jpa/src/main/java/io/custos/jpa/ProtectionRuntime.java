package io.custos.jpa;

import io.custos.api.error.ErrorCode;
import io.custos.jpa.internal.BlindIndexAccessor;
import io.custos.jpa.internal.EntityProtection;
import io.custos.jpa.internal.Exports;
import io.custos.jpa.internal.ProtectedFieldMapping;
import io.custos.jpa.internal.Views;
import io.custos.jpa.policy.FieldPolicy;
import io.custos.jpa.policy.ProtectionPolicy;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.eclipse.persistence.expressions.ExpressionBuilder;
import org.eclipse.persistence.jpa.JpaHelper;
import org.eclipse.persistence.queries.ReadAllQuery;
import org.eclipse.persistence.sessions.Session;

/**
 * What Custos installed in one persistence unit, and the boundary operations on it: masked views for a
 * caller, blind-index search, pseudonymised exports. Obtain it from the unit with {@link #of}.
 *
 * <h2>Security guarantees</h2>
 * Views are detached copies; the managed entities and the shared cache keep the true values. Reads of
 * audited levels are recorded before plaintext is handed out (fail closed when the sink is down);
 * denials are recorded too. Audit events carry names and row ids, never values.
 */
public final class ProtectionRuntime {
    /** The session property under which the customizer stores the runtime. */
    public static final String PROPERTY = "io.custos.jpa.runtime";

    private final Session session;
    private final ProtectionPolicy policy;
    private final String tenant;
    private final Map<Class<?>, EntityProtection> entities;
    private final Views views;
    private final Exports exports;

    ProtectionRuntime(Session session, ProtectionPolicy policy, String tenant, Map<Class<?>, EntityProtection> entities,
                      Views views, Exports exports) {
        this.session = session;
        this.policy = policy;
        this.tenant = tenant;
        this.entities = Map.copyOf(entities);
        this.views = views;
        this.exports = exports;
    }

    /** The runtime of the unit behind {@code emf}. */
    public static ProtectionRuntime of(EntityManagerFactory emf) {
        return of(JpaHelper.getDatabaseSession(emf));
    }

    /** The runtime of the unit behind {@code em}. */
    public static ProtectionRuntime of(EntityManager em) {
        return of(JpaHelper.getEntityManager(em).getServerSession());
    }

    /**
     * The runtime stored in a session by {@link CustosSessionCustomizer}.
     *
     * @throws ProtectedValueException CUSTOS-1001 if the unit does not use the customizer
     */
    public static ProtectionRuntime of(Session session) {
        Object r = session.getProperty(PROPERTY);
        if (r instanceof ProtectionRuntime runtime) {
            return runtime;
        }
        throw new ProtectedValueException(ErrorCode.CONFIG_MISSING, "eclipselink.session.customizer="
                + CustosSessionCustomizer.class.getName(), "persistence unit " + session.getName());
    }

    public ProtectionPolicy policy() {
        return policy;
    }

    /** The tenant bound into ciphertexts when the session names none. */
    public String tenant() {
        return tenant;
    }

    /** Whether {@code type} is an entity of this persistence unit. */
    public boolean handles(Class<?> type) {
        return type != null && session.getClassDescriptor(type) != null;
    }

    /** Every protected field, in entity order. */
    public List<FieldPolicy> protectedFields() {
        List<FieldPolicy> out = new ArrayList<>();
        for (EntityProtection p : entities.values()) {
            for (ProtectedFieldMapping m : p.fields().values()) {
                out.add(m.codec().policy());
            }
        }
        return out;
    }

    /**
     * Every protected column with what a bulk job (re-encryption, migration of legacy plaintext) needs to
     * rewrite it outside JPA exactly as the converters would: table, id columns, context, engine primitive,
     * blind-index column.
     */
    public List<ProtectedColumn> columns() {
        List<ProtectedColumn> out = new ArrayList<>();
        for (EntityProtection p : entities.values()) {
            List<String> ids = new ArrayList<>();
            for (org.eclipse.persistence.internal.helper.DatabaseField f : p.descriptor().getPrimaryKeyFields()) {
                ids.add(f.getName());
            }
            for (ProtectedFieldMapping m : p.fields().values()) {
                String attribute = m.getAttributeName();
                out.add(new ProtectedColumn(m.codec(), ids, p.indexColumn(attribute), p.index(attribute), tenant));
            }
        }
        return List.copyOf(out);
    }

    public Optional<FieldPolicy> field(Class<?> type, String attribute) {
        EntityProtection p = entities.get(type);
        ProtectedFieldMapping m = p == null ? null : p.fields().get(attribute);
        return m == null ? Optional.empty() : Optional.of(m.codec().policy());
    }

    /** The protected table and column of a field, as {@code TABLE.COLUMN}. */
    public Optional<String> column(Class<?> type, String attribute) {
        EntityProtection p = entities.get(type);
        ProtectedFieldMapping m = p == null ? null : p.fields().get(attribute);
        return m == null ? Optional.empty() : Optional.of(m.codec().table() + "." + m.codec().column());
    }

    /**
     * A detached view of {@code entity} (or of each entity in a collection or {@link Optional}) for
     * {@code caller}: protected fields the caller may not read are masked or emptied. The entity itself is
     * never changed; merging the view back never writes a masked value.
     *
     * @throws FieldAccessDeniedException CUSTOS-6002 where the policy refuses instead of masking
     * @throws ProtectedValueException    when an audited read cannot be recorded (fail closed)
     */
    @SuppressWarnings("unchecked")
    public <T> T view(T entity, Caller caller) {
        return (T) views.viewResult(entity, Objects.requireNonNull(caller, "caller"));
    }

    /**
     * Equality search on a randomized field that keeps a blind index: finds the candidates by index, then
     * drops the false matches by comparing the decrypted values. Rows indexed under any version of the
     * index key that may still be used are found (so a rotation of the index key does not hide rows until
     * they are re-indexed); each row is returned once.
     *
     * @throws ProtectedValueException CUSTOS-1202 if the field has no blind index
     */
    public <T> List<T> findByBlindIndex(EntityManager em, Class<T> type, String attribute, Object value) {
        EntityProtection p = entities.get(type);
        BlindIndexAccessor index = p == null ? null : p.index(attribute);
        if (index == null) {
            throw new ProtectedValueException(ErrorCode.BLIND_INDEX_MISSING, type.getSimpleName(), attribute);
        }
        ProtectedFieldMapping m = p.fields().get(attribute);
        ExpressionBuilder b = new ExpressionBuilder(type);
        List<String> terms = index.indexes(m.codec().type().toText(value));
        ReadAllQuery q = new ReadAllQuery(type, terms.size() == 1 ? b.getField(p.indexColumn(attribute)).equal(terms.get(0))
                : b.getField(p.indexColumn(attribute)).in(terms));
        List<?> candidates = JpaHelper.createQuery(q, em).getResultList();
        List<T> out = new ArrayList<>(candidates.size());
        for (Object c : candidates) {
            if (Objects.equals(m.getAttributeValueFromObject(c), value)) {
                out.add(type.cast(c));
            }
        }
        return out;
    }

    /**
     * Writes an export of {@code rows}: attributes marked {@code identifier} in the policy (and those in
     * {@code identifiers}) become pseudonym tokens scoped to the caller's purpose; protected fields the
     * caller may not read are masked. One audit event records the export.
     *
     * @throws FieldAccessDeniedException CUSTOS-6003 without a purpose or for an unknown attribute
     */
    public void export(Class<?> type, Collection<?> rows, List<String> attributes, Set<String> identifiers,
                       ExportFormat format, Caller caller, Appendable out) {
        exports.export(type, rows, attributes, identifiers, format, caller, out);
    }

    @Override
    public String toString() {
        return "ProtectionRuntime[" + policy.source() + ", " + protectedFields().size() + " protected fields]";
    }
}
