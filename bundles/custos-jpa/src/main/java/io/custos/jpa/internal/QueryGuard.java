package io.custos.jpa.internal;

import io.custos.api.EncryptionMode;
import io.custos.api.error.ErrorCode;
import io.custos.jpa.ProtectedValueException;
import io.custos.spi.AuditEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Vector;
import org.eclipse.persistence.descriptors.ClassDescriptor;
import org.eclipse.persistence.expressions.Expression;
import org.eclipse.persistence.expressions.ExpressionBuilder;
import org.eclipse.persistence.expressions.ExpressionOperator;
import org.eclipse.persistence.internal.expressions.CompoundExpression;
import org.eclipse.persistence.internal.expressions.FunctionExpression;
import org.eclipse.persistence.internal.expressions.QueryKeyExpression;
import org.eclipse.persistence.internal.expressions.SubSelectExpression;
import org.eclipse.persistence.internal.queries.ReportItem;
import org.eclipse.persistence.mappings.DatabaseMapping;
import org.eclipse.persistence.queries.DatabaseQuery;
import org.eclipse.persistence.queries.ObjectLevelReadQuery;
import org.eclipse.persistence.queries.ReportQuery;
import org.eclipse.persistence.queries.UpdateAllQuery;
import org.eclipse.persistence.sessions.Session;
import org.eclipse.persistence.sessions.SessionEvent;
import org.eclipse.persistence.sessions.SessionEventAdapter;

/**
 * Refuses, before they reach the database, JPQL/Criteria queries that cannot work on protected columns:
 * ORDER BY, ranges, LIKE and functions on any protected field; equality on randomized fields; projections
 * of row-bound fields; bulk updates of protected fields. Equality (=, &lt;&gt;, IN) on deterministic fields
 * and IS [NOT] NULL on any field pass. Native SQL is not inspected.
 */
public final class QueryGuard extends SessionEventAdapter {
    private static final String ADVICE_EQUALITY = "declare the field deterministic in the policy for plain JPQL "
            + "equality, or enable blindIndex and search with ProtectionRuntime.findByBlindIndex";
    private static final String ADVICE_ORDER = "sort or filter in the application after loading, or keep an "
            + "unprotected derived column (e.g. a year or a bucket) for it";

    private final Fields fields;
    private final Auditor auditor;

    /** Finds the codec of a protected attribute, or {@code null}. */
    public interface Fields {
        FieldCodec field(Class<?> entity, String attribute);
    }

    public QueryGuard(Fields fields, Auditor auditor) {
        this.fields = fields;
        this.auditor = auditor;
    }

    @Override
    public void preExecuteQuery(SessionEvent event) {
        check(event.getQuery(), event.getSession());
    }

    /**
     * @throws ProtectedValueException CUSTOS-1201 when the query uses a protected field in a way that
     *                                 cannot work on ciphertext
     */
    public void check(DatabaseQuery query, Session session) {
        if (query == null) {
            return;
        }
        // runs before every query: the query's name for messages is only made when one is refused
        DatabaseQuery name = query;
        walk(query.getSelectionCriteria(), session, name);
        if (query instanceof ObjectLevelReadQuery read) {
            for (Expression order : read.getOrderByExpressions()) {
                FieldCodec codec = protectedField(order, session);
                if (codec != null) {
                    refuse(name, "ORDER BY", codec, ADVICE_ORDER);
                }
                walk(order, session, name);
            }
        }
        if (query instanceof ReportQuery report) {
            for (ReportItem item : report.getItems()) {
                Expression e = item.getAttributeExpression();
                FieldCodec codec = protectedField(e, session);
                if (codec != null && codec.bindsRow()) {
                    refuse(name, "selecting it as a column", codec, "select the entity instead: its row id is bound "
                            + "into the ciphertext");
                }
                walk(e, session, name);
            }
        }
        if (query instanceof UpdateAllQuery update && update.getUpdateClauses() != null) {
            for (Object key : update.getUpdateClauses().keySet()) {
                FieldCodec codec = key instanceof String attribute && query.getReferenceClass() != null
                        ? fields.field(query.getReferenceClass(), attribute)
                        : key instanceof Expression e ? protectedField(e, session) : null;
                if (codec != null) {
                    refuse(name, "bulk UPDATE", codec, "update the entities through the EntityManager");
                }
            }
        }
    }

    private void walk(Expression e, Session session, DatabaseQuery name) {
        if (e == null) {
            return;
        }
        if (e instanceof SubSelectExpression sub) {
            check(sub.getSubQuery(), session);
            return;
        }
        List<Expression> children = children(e);
        if (children.isEmpty()) {
            return;
        }
        ExpressionOperator op = e instanceof CompoundExpression c ? c.getOperator()
                : e instanceof FunctionExpression f ? f.getOperator() : null;
        int protectedCount = 0;
        for (Expression child : children) {
            FieldCodec codec = protectedField(child, session);
            if (codec != null) {
                protectedCount++;
                judge(op, codec, name, protectedCount);
            }
        }
        for (Expression child : children) {
            walk(child, session, name);
        }
    }

    private void judge(ExpressionOperator op, FieldCodec codec, DatabaseQuery name, int protectedCount) {
        int selector = op == null ? -1 : op.getSelector();
        switch (selector) {
            case ExpressionOperator.IsNull, ExpressionOperator.NotNull, ExpressionOperator.Count,
                 ExpressionOperator.Distinct -> {
                // NULL stays NULL in the column; counting needs no value
            }
            case ExpressionOperator.Equal, ExpressionOperator.NotEqual, ExpressionOperator.In,
                 ExpressionOperator.NotIn -> {
                if (codec.policy().mode() != EncryptionMode.DETERMINISTIC) {
                    refuse(name, "equality", codec, ADVICE_EQUALITY);
                }
                if (protectedCount > 1) {
                    refuse(name, "comparing two protected columns", codec,
                            "each column has its own key, so equal values differ; compare in the application");
                }
            }
            case ExpressionOperator.Ascending, ExpressionOperator.Descending -> refuse(name, "ORDER BY", codec, ADVICE_ORDER);
            case ExpressionOperator.Like, ExpressionOperator.NotLike -> refuse(name, "LIKE", codec,
                    "use equality on a deterministic field or a blind index; substrings cannot be searched");
            default -> refuse(name, op == null ? "an expression" : "operator " + op.toString().trim(), codec, ADVICE_ORDER);
        }
    }

    private static String nameOf(DatabaseQuery query) {
        return query.getName() != null && !query.getName().isEmpty() ? query.getName()
                : "on " + (query.getReferenceClass() != null ? query.getReferenceClass().getSimpleName() : "?");
    }

    private void refuse(DatabaseQuery query, String what, FieldCodec codec, String advice) {
        String name = nameOf(query);
        auditor.bestEffort("system", "query", AuditEvent.Outcome.DENIED, null, codec.policy().name(), null, null,
                Map.of("use", what));
        throw new ProtectedValueException(ErrorCode.QUERY_REFUSED, name, what, codec.policy().entity(),
                codec.policy().attribute(), codec.policy().mode().name().toLowerCase(java.util.Locale.ROOT), advice);
    }

    private static List<Expression> children(Expression e) {
        List<Expression> out = new ArrayList<>(2);
        if (e instanceof CompoundExpression c) {
            if (c.getFirstChild() != null) {
                out.add(c.getFirstChild());
            }
            if (c.getSecondChild() != null) {
                out.add(c.getSecondChild());
            }
        } else if (e instanceof FunctionExpression f) {
            Vector<Expression> kids = f.getChildren();
            if (kids != null) {
                out.addAll(kids);
            }
        }
        return out;
    }

    /** The codec when {@code e} is a path ending in a protected attribute, else {@code null}. */
    private FieldCodec protectedField(Expression e, Session session) {
        if (!(e instanceof QueryKeyExpression qke)) {
            return null;
        }
        Class<?> owner = classOf(qke.getBaseExpression(), session);
        return owner == null ? null : fields.field(owner, qke.getName());
    }

    static Class<?> classOf(Expression e, Session session) {
        if (e instanceof ExpressionBuilder b) {
            return b.getQueryClass();
        }
        if (e instanceof QueryKeyExpression qke) {
            Class<?> base = classOf(qke.getBaseExpression(), session);
            ClassDescriptor d = base == null ? null : session.getClassDescriptor(base);
            DatabaseMapping m = d == null ? null : d.getMappingForAttributeName(qke.getName());
            return m == null ? null : m.getReferenceDescriptor() != null ? m.getReferenceDescriptor().getJavaClass()
                    : referenceClass(m);
        }
        return null;
    }

    private static Class<?> referenceClass(DatabaseMapping m) {
        if (m instanceof org.eclipse.persistence.mappings.ForeignReferenceMapping f) {
            return f.getReferenceClass();
        }
        return null;
    }
}
