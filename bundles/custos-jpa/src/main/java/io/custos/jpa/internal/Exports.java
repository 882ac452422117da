package io.custos.jpa.internal;

import io.custos.api.ProtectionContext;
import io.custos.api.Pseudonymizer;
import io.custos.api.error.AuditUnavailableException;
import io.custos.api.error.CryptoException;
import io.custos.api.error.ErrorCode;
import io.custos.crypto.Masking;
import io.custos.jpa.Caller;
import io.custos.jpa.ExportFormat;
import io.custos.jpa.FieldAccessDeniedException;
import io.custos.jpa.ProtectedValueException;
import io.custos.jpa.policy.FieldPolicy;
import io.custos.spi.AuditEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.persistence.descriptors.ClassDescriptor;
import org.eclipse.persistence.internal.sessions.AbstractSession;
import org.eclipse.persistence.mappings.DatabaseMapping;
import org.eclipse.persistence.mappings.DirectToFieldMapping;

/**
 * Writes CSV or JSON exports for reports and reconciliation: identifiers become pseudonym tokens that are
 * stable per tenant and purpose (so two exports for the same purpose reconcile), protected fields the
 * caller may not read are masked, and one audit event records who exported what, for which purpose.
 */
public final class Exports {
    private final AbstractSession session;
    private final Pseudonymizer pseudonymizer;
    private final Auditor auditor;
    private final String tenant;

    public Exports(AbstractSession session, Pseudonymizer pseudonymizer, Auditor auditor, String tenant) {
        this.session = session;
        this.pseudonymizer = pseudonymizer;
        this.auditor = auditor;
        this.tenant = tenant;
    }

    /**
     * @param identifiers extra (unprotected) attributes to pseudonymise, e.g. the primary key
     * @throws FieldAccessDeniedException CUSTOS-6003 without a purpose, or with an unknown attribute
     */
    public void export(Class<?> type, Collection<?> rows, List<String> attributes, Set<String> identifiers,
                       ExportFormat format, Caller caller, Appendable out) {
        String purpose = caller.purpose();
        if (purpose == null || purpose.isBlank()) {
            throw new FieldAccessDeniedException(ErrorCode.EXPORT_DENIED, type.getSimpleName(), caller.name(),
                    "an export needs a purpose (it scopes the pseudonym tokens and is audited)");
        }
        ClassDescriptor d = session.getClassDescriptor(type);
        DatabaseMapping[] mappings = new DatabaseMapping[attributes.size()];
        for (int i = 0; i < mappings.length; i++) {
            mappings[i] = d == null ? null : d.getMappingForAttributeName(attributes.get(i));
            if (mappings[i] == null || !mappings[i].isDirectToFieldMapping()) {
                throw new FieldAccessDeniedException(ErrorCode.EXPORT_DENIED, type.getSimpleName(), caller.name(),
                        "attribute " + attributes.get(i) + " is not a basic attribute");
            }
        }
        StringBuilder buf = new StringBuilder();
        if (format == ExportFormat.CSV) {
            for (int i = 0; i < mappings.length; i++) {
                buf.append(i == 0 ? "" : ",");
                csv(attributes.get(i), buf);
            }
            buf.append("\r\n");
        } else {
            buf.append('[');
        }
        int masked = 0;
        int n = 0;
        for (Object row : rows) {
            if (format == ExportFormat.JSON) {
                buf.append(n == 0 ? "" : ",").append('{');
            }
            for (int i = 0; i < mappings.length; i++) {
                DirectToFieldMapping m = (DirectToFieldMapping) mappings[i];
                Object raw = m.getAttributeValueFromObject(row);
                String cell;
                if (m instanceof ProtectedFieldMapping pm) {
                    FieldPolicy f = pm.codec().policy();
                    if (f.identifier()) {
                        cell = token(raw, pm.codec().context(tenant), purpose);
                    } else if (f.mayRead(caller.roles())) {
                        cell = raw == null ? null : pm.codec().type().toText(raw);
                    } else {
                        masked++;
                        cell = raw instanceof String s ? Masking.apply(f.mask(), s) : raw == null ? null : Masking.MARK;
                    }
                } else if (identifiers.contains(attributes.get(i))) {
                    cell = token(raw, ProtectionContext.builder().tenant(tenant).table(d.getTableName())
                            .column(m.getField().getName()).build(), purpose);
                } else {
                    cell = raw == null ? null : String.valueOf(raw);
                }
                if (format == ExportFormat.CSV) {
                    buf.append(i == 0 ? "" : ",");
                    if (cell != null) {
                        csv(cell, buf);
                    }
                } else {
                    buf.append(i == 0 ? "" : ",");
                    Json.quote(attributes.get(i), buf);
                    buf.append(':');
                    if (cell == null) {
                        buf.append("null");
                    } else {
                        Json.quote(cell, buf);
                    }
                }
            }
            buf.append(format == ExportFormat.CSV ? "\r\n" : "}");
            n++;
        }
        if (format == ExportFormat.JSON) {
            buf.append(']');
        }
        try {
            auditor.required(caller.name(), "export", AuditEvent.Outcome.SUCCESS, tenant, type.getSimpleName(), null,
                    purpose, null, Map.of("rows", Integer.toString(n), "attributes", String.join(",", attributes),
                            "maskedCells", Integer.toString(masked), "format", format.name()));
        } catch (AuditUnavailableException e) {
            throw new ProtectedValueException(ErrorCode.EXPORT_DENIED, type.getSimpleName(), caller.name(),
                    "the export could not be audited (" + e.code().id() + ")");
        }
        try {
            out.append(buf);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String token(Object raw, ProtectionContext ctx, String purpose) {
        if (raw == null) {
            return null;
        }
        try {
            return pseudonymizer.token(String.valueOf(raw), ctx, purpose);
        } catch (CryptoException e) {
            throw new ProtectedValueException(ErrorCode.FIELD_UNREADABLE, e, ctx.table(), ctx.column(), "(export)",
                    e.getMessage());
        }
    }

    private static void csv(String cell, StringBuilder out) {
        String v = cell;
        if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
            v = "'" + v;
        }
        boolean quote = v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0;
        if (!quote) {
            out.append(v);
            return;
        }
        out.append('"').append(v.replace("\"", "\"\"")).append('"');
    }
}
