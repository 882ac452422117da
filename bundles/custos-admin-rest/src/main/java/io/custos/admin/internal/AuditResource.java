package io.custos.admin.internal;

import io.custos.admin.Roles;
import io.custos.api.error.AuditUnavailableException;
import io.custos.api.error.CryptoException;
import io.custos.api.error.ErrorCode;
import io.custos.audit.verify.VerificationReport;
import io.custos.spi.AuditEvent;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.eclipse.microprofile.metrics.annotation.Timed;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The tamper-evident audit log: query, verify, export an evidence pack, and sensitive reads over time. */
@jakarta.ws.rs.Path("audit")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "audit", description = "query, verify and export the audit log")
@Timed(name = "custos_admin_audit", absolute = true, description = "time spent in the audit resource")
public class AuditResource extends ResourceBase {
    static final int MAX_PAGE = 200;
    static final Duration MAX_EXPORT = Duration.ofDays(366);
    static final Duration MAX_CHART = Duration.ofDays(31);

    @GET
    @jakarta.ws.rs.Path("events")
    @RolesAllowed({Roles.AUDITOR, Roles.SECURITY_OFFICER})
    @Operation(summary = "events newest first, filtered by time [from, to), actor, category, action, outcome,"
            + " tenant, target; paged by beforeSeq (cursor) or page, size at most 200")
    public Dto.AuditPage events(@QueryParam("from") String from, @QueryParam("to") String to,
                                @QueryParam("actor") String actor, @QueryParam("category") String category,
                                @QueryParam("action") String action, @QueryParam("outcome") String outcome,
                                @QueryParam("tenant") String tenant, @QueryParam("target") String target,
                                @QueryParam("page") Integer page, @QueryParam("size") Integer size,
                                @QueryParam("beforeSeq") Long beforeSeq)
            throws CryptoException {
        int p = page == null ? 0 : page;
        int s = size == null ? 50 : size;
        if (p < 0 || p > 100_000 || s < 1 || s > MAX_PAGE) {
            throw bad("page must be 0 .. 100000 and size 1 .. " + MAX_PAGE);
        }
        AuditQuery.Filter f = new AuditQuery.Filter(instant(from, "from"), instant(to, "to"),
                actor == null ? null : name(actor, "actor"), category == null ? null : category(category),
                action == null ? null : name(action, "action"), outcome == null ? null : outcome(outcome),
                tenant == null ? null : name(tenant, "tenant"), target == null ? null : target(target));
        if (beforeSeq != null && (beforeSeq < 0 || p != 0)) {
            throw bad("beforeSeq must be positive and is used instead of page");
        }
        return query().page(f, beforeSeq, p, s);
    }

    @POST
    @jakarta.ws.rs.Path("verify")
    @RolesAllowed({Roles.AUDITOR, Roles.SECURITY_OFFICER})
    @Operation(summary = "verify every event and signed checkpoint of the live log; the verdict is audited too")
    public Dto.VerifyView verify() throws CryptoException {
        VerificationReport r = runtime.audit().verify();
        return new Dto.VerifyView(r.intact(), r.firstBadPosition(), r.problem(), r.eventsChecked(),
                r.checkpointsVerified(), r.proofsVerified(), r.verdict(), Instant.now());
    }

    @GET
    @jakarta.ws.rs.Path("export")
    @Produces("application/zip")
    @RolesAllowed(Roles.AUDITOR)
    @Operation(summary = "evidence pack (zip) of the events in [from, to), verifiable offline with the public key")
    public Response export(@QueryParam("from") String from, @QueryParam("to") String to) throws CryptoException {
        Instant f = required(instant(from, "from"), "from");
        Instant t = required(instant(to, "to"), "to");
        if (!f.isBefore(t) || Duration.between(f, t).compareTo(MAX_EXPORT) > 0) {
            throw bad("from must be before to, at most 366 days apart");
        }
        Path parent;
        try {
            // owner-only on POSIX; the pack goes into a fresh child the recorder creates
            parent = Files.createTempDirectory("custos-pack");
        } catch (IOException e) {
            throw new AuditUnavailableException(ErrorCode.AUDIT_EXPORT_FAILED, "-", "no temporary directory");
        }
        runtime.audit().record(AuditEvent.now(actor().principal(), AuditEvent.Category.AUDIT, "export-pack",
                AuditEvent.Outcome.SUCCESS).withTarget(null, runtime.audit().config().logName(), null)
                .withDetails(Map.of("from", f.toString(), "to", t.toString())));
        Path dir = parent.resolve("pack");
        try {
            runtime.audit().exportPack(f, t, dir);
        } catch (CryptoException | RuntimeException e) {
            delete(parent);
            throw e;
        }
        StreamingOutput zip = out -> {
            try (ZipOutputStream z = new ZipOutputStream(out); Stream<Path> files = Files.list(dir)) {
                for (Path file : files.sorted().toList()) {
                    z.putNextEntry(new ZipEntry("evidence-pack/" + file.getFileName()));
                    Files.copy(file, z);
                    z.closeEntry();
                }
            } finally {
                delete(parent);
            }
        };
        return Response.ok(zip, "application/zip")
                .header("Content-Disposition", "attachment; filename=\"custos-evidence-pack.zip\"").build();
    }

    @GET
    @jakarta.ws.rs.Path("reads")
    @RolesAllowed({Roles.AUDITOR, Roles.SECURITY_OFFICER})
    @Operation(summary = "sensitive reads (DATA_ACCESS events) per bucket over [from, to), default the last 24 h by hour")
    public Dto.ReadsView reads(@QueryParam("from") String from, @QueryParam("to") String to,
                               @QueryParam("bucketMinutes") Integer bucketMinutes) throws CryptoException {
        Instant t = to == null ? Instant.now() : instant(to, "to");
        Instant f = from == null ? t.minus(Duration.ofHours(24)) : instant(from, "from");
        int minutes = bucketMinutes == null ? 60 : bucketMinutes;
        if (!f.isBefore(t) || Duration.between(f, t).compareTo(MAX_CHART) > 0 || minutes < 1
                || Duration.between(f, t).toMinutes() / minutes > 2000) {
            throw bad("from must be before to, at most 31 days apart, in at most 2000 buckets");
        }
        return query().reads(f, t, Duration.ofMinutes(minutes));
    }

    private AuditQuery query() {
        return new AuditQuery(runtime.dataSource(), runtime.audit().config());
    }

    private Instant instant(String value, String field) throws CryptoException {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw bad(field + " must be an ISO-8601 instant such as 2026-11-30T00:00:00Z");
        }
    }

    private AuditEvent.Category category(String value) throws CryptoException {
        try {
            return AuditEvent.Category.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw bad("category must be one of " + List.of(AuditEvent.Category.values()));
        }
    }

    private AuditEvent.Outcome outcome(String value) throws CryptoException {
        try {
            return AuditEvent.Outcome.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw bad("outcome must be one of " + List.of(AuditEvent.Outcome.values()));
        }
    }

    private String target(String value) throws CryptoException {
        if (value.isEmpty() || value.length() > 256 || value.chars().anyMatch(c -> c == '"' || c == '\\'
                || Character.isISOControl(c))) {
            throw bad("target must be 1..256 characters without quotes or control characters");
        }
        return value;
    }

    private static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            java.util.logging.Logger.getLogger(AuditResource.class.getName())
                    .warning("temporary evidence pack " + dir + " could not be removed: " + e.getClass().getSimpleName());
        }
    }
}
