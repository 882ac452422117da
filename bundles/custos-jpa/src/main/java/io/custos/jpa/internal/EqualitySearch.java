package io.custos.jpa.internal;

import io.custos.api.EncryptionMode;
import io.custos.api.error.CryptoException;
import io.custos.api.error.ErrorCode;
import io.custos.jpa.ProtectedValueException;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.eclipse.persistence.descriptors.ClassDescriptor;
import org.eclipse.persistence.expressions.Expression;
import org.eclipse.persistence.expressions.ExpressionOperator;
import org.eclipse.persistence.internal.expressions.CollectionExpression;
import org.eclipse.persistence.internal.expressions.ConstantExpression;
import org.eclipse.persistence.internal.expressions.FunctionExpression;
import org.eclipse.persistence.internal.expressions.LogicalExpression;
import org.eclipse.persistence.internal.expressions.ParameterExpression;
import org.eclipse.persistence.internal.expressions.QueryKeyExpression;
import org.eclipse.persistence.internal.expressions.RelationExpression;
import org.eclipse.persistence.internal.sessions.AbstractRecord;
import org.eclipse.persistence.mappings.DatabaseMapping;
import org.eclipse.persistence.internal.sessions.AbstractSession;
import org.eclipse.persistence.queries.DatabaseQuery;
import org.eclipse.persistence.queries.ObjectLevelReadQuery;
import org.eclipse.persistence.queries.QueryRedirector;
import org.eclipse.persistence.queries.ReadQuery;
import org.eclipse.persistence.sessions.DataRecord;
import org.eclipse.persistence.sessions.Session;
import org.eclipse.persistence.sessions.SessionEvent;
import org.eclipse.persistence.sessions.SessionEventAdapter;

/**
 * Keeps deterministic fields searchable between a key rotation and the end of re-encryption. Installed
 * as the default read-all and report query redirector of the unit's descriptors: when a JPQL or Criteria
 * query compares a deterministic field by {@code =}, {@code <>}, {@code IN} or {@code NOT IN} and the
 * field's key has more than one version that may still decrypt, the comparison of this execution is
 * rewritten to {@code [NOT] IN} over the value's ciphertext under each version (newest first). With a
 * single usable version the query runs unchanged. Comparisons under {@code AND}, {@code OR} and
 * {@code NOT} are rewritten; those inside subqueries, functions or {@code CASE} are not (they match the
 * current version only).
 */
public final class EqualitySearch implements QueryRedirector {
    private static final long serialVersionUID = 1L;

    private static final WeakReference<DatabaseQuery> NONE = new WeakReference<>(null);
    /** Weak and of a JDK type, so it keeps no query (nor an undeployed application) alive. */
    private static final ThreadLocal<WeakReference<DatabaseQuery>> EXECUTING = ThreadLocal.withInitial(() -> NONE);

    private final transient QueryGuard.Fields fields;

    public EqualitySearch(QueryGuard.Fields fields) {
        this.fields = fields;
    }

    /**
     * Installs this redirector on every entity descriptor whose queries can compare a deterministic field
     * (its own, or one reached through a relationship, an embeddable or inheritance) and that has no
     * redirector of its own.
     */
    public void install(Iterable<ClassDescriptor> descriptors) {
        for (ClassDescriptor d : descriptors) {
            if (!mayCompareDeterministic(d)) {
                continue;
            }
            if (d.getDefaultReadAllQueryRedirector() == null && d.getDefaultQueryRedirector() == null) {
                d.setDefaultReadAllQueryRedirector(this);
            }
            if (d.getDefaultReportQueryRedirector() == null && d.getDefaultQueryRedirector() == null) {
                d.setDefaultReportQueryRedirector(this);
            }
        }
    }

    private boolean mayCompareDeterministic(ClassDescriptor d) {
        if (d.hasInheritance() || d.getJavaClass() == null) {
            return true;
        }
        for (DatabaseMapping m : d.getMappings()) {
            if (m.isForeignReferenceMapping() || m.isAggregateMapping()) {
                return true;
            }
            FieldCodec codec = fields.field(d.getJavaClass(), m.getAttributeName());
            if (codec != null && codec.protector().mode() == EncryptionMode.DETERMINISTIC) {
                return true;
            }
        }
        return false;
    }

    /** Remembers, per thread, the query about to execute: the one EclipseLink hands over as a clone. */
    public SessionEventAdapter listener() {
        return new SessionEventAdapter() {
            @Override
            public void preExecuteQuery(SessionEvent event) {
                EXECUTING.set(new WeakReference<>(event.getQuery()));
            }
        };
    }

    @Override
    public Object invokeQuery(DatabaseQuery query, DataRecord arguments, Session session) {
        AbstractRecord row = (AbstractRecord) arguments;
        AbstractSession executing = (AbstractSession) session;
        DatabaseQuery original = EXECUTING.get().get();
        EXECUTING.set(NONE);
        Expression criteria = query.getSelectionCriteria();
        Expression rewritten = criteria == null ? null : rewrite(criteria, row, session);
        if (rewritten != criteria) {
            query.setSelectionCriteria(rewritten);
            query.setIsPrepared(false);
            query.setDoNotRedirect(true);
            return executing.executeQuery(query, row);
        }
        if (original != null && original != query && sameQuery(original, query)) {
            // unchanged: run a clone of the original, prepared once (EclipseLink's redirect clone never is)
            original.checkPrepare(executing, row);
            DatabaseQuery prepared = (DatabaseQuery) original.clone();
            prepared.setIsExecutionClone(true);
            prepared.setDoNotRedirect(true);
            return executing.executeQuery(prepared, row);
        }
        query.setDoNotRedirect(true);
        return executing.executeQuery(query, row);
    }

    /**
     * Whether {@code clone} is EclipseLink's redirect clone of {@code original} (a shallow copy), so
     * running a clone of the original instead changes nothing.
     */
    private static boolean sameQuery(DatabaseQuery original, DatabaseQuery clone) {
        if (original.getClass() != clone.getClass() || original.getSelectionCriteria() != clone.getSelectionCriteria()
                || original.getReferenceClass() != clone.getReferenceClass()) {
            return false;
        }
        if (original instanceof ReadQuery r && clone instanceof ReadQuery c
                && (r.getFirstResult() != c.getFirstResult() || r.getMaxRows() != c.getMaxRows())) {
            return false;
        }
        return !(original instanceof ObjectLevelReadQuery r && clone instanceof ObjectLevelReadQuery c)
                || r.getLockMode() == c.getLockMode();
    }

    /** The expression with multi-version comparisons rewritten, or {@code e} itself when nothing changes. */
    private Expression rewrite(Expression e, AbstractRecord row, Session session) {
        if (e instanceof LogicalExpression l) {
            Expression first = rewrite(l.getFirstChild(), row, session);
            Expression second = rewrite(l.getSecondChild(), row, session);
            if (first == l.getFirstChild() && second == l.getSecondChild()) {
                return e;
            }
            return l.getOperator().getSelector() == ExpressionOperator.Or ? first.or(second) : first.and(second);
        }
        if (e instanceof FunctionExpression f && f.getOperator().getSelector() == ExpressionOperator.Not
                && f.getChildren().size() == 1) {
            Expression inner = rewrite(f.getChildren().get(0), row, session);
            return inner == f.getChildren().get(0) ? e : inner.not();
        }
        if (e instanceof RelationExpression r) {
            return comparison(r, row, session);
        }
        return e;
    }

    private Expression comparison(RelationExpression r, AbstractRecord row, Session session) {
        int op = r.getOperator().getSelector();
        if (op != ExpressionOperator.Equal && op != ExpressionOperator.NotEqual && op != ExpressionOperator.In
                && op != ExpressionOperator.NotIn) {
            return r;
        }
        Expression fieldSide = r.getFirstChild();
        Expression valueSide = r.getSecondChild();
        FieldCodec codec = deterministic(fieldSide, session);
        if (codec == null && (op == ExpressionOperator.Equal || op == ExpressionOperator.NotEqual)) {
            fieldSide = r.getSecondChild();
            valueSide = r.getFirstChild();
            codec = deterministic(fieldSide, session);
        }
        if (codec == null || !codec.severalVersions(session)) {
            return r;
        }
        List<Object> values = values(valueSide, row);
        if (values == null || values.isEmpty()) {
            return r;
        }
        List<SearchTerm> terms = new ArrayList<>();
        boolean severalVersions = false;
        for (Object value : values) {
            List<?> forValue = codec.equalityTerms(value, session);
            severalVersions |= forValue.size() > 1;
            for (Object t : forValue) {
                terms.add(new SearchTerm(t));
            }
        }
        if (!severalVersions) {
            return r;
        }
        return op == ExpressionOperator.Equal || op == ExpressionOperator.In ? fieldSide.in(terms) : fieldSide.notIn(terms);
    }

    /** The plaintext values a comparison names, or {@code null} when one of them is not a plain value. */
    private static List<Object> values(Expression e, AbstractRecord row) {
        List<Object> out = new ArrayList<>();
        if (e instanceof CollectionExpression c) {
            if (!(c.getValue() instanceof Collection<?> items)) {
                return null;
            }
            for (Object item : items) {
                if (!add(out, item, row)) {
                    return null;
                }
            }
            return out;
        }
        return add(out, e, row) ? out : null;
    }

    private static boolean add(List<Object> out, Object item, AbstractRecord row) {
        Object value;
        if (item instanceof ParameterExpression p) {
            if (p.getBaseExpression() != null || row == null) {
                return false;
            }
            value = row.get(p.getField());
        } else if (item instanceof ConstantExpression c) {
            value = c.getValue();
        } else if (item instanceof Expression) {
            return false;
        } else {
            value = item;
        }
        if (value instanceof Collection<?> many) {
            for (Object v : many) {
                if (v == null || v instanceof Expression || v instanceof SearchTerm) {
                    return false;
                }
                out.add(v);
            }
            return true;
        }
        if (value == null || value instanceof SearchTerm) {
            return false;
        }
        out.add(value);
        return true;
    }

    private FieldCodec deterministic(Expression e, Session session) {
        if (!(e instanceof QueryKeyExpression qke)) {
            return null;
        }
        Class<?> owner = QueryGuard.classOf(qke.getBaseExpression(), session);
        FieldCodec codec = owner == null ? null : fields.field(owner, qke.getName());
        return codec != null && codec.protector().mode() == EncryptionMode.DETERMINISTIC ? codec : null;
    }
}
