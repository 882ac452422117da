package io.custos.admin.internal;

import io.custos.admin.Roles;
import io.custos.api.error.CryptoException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.StringReader;
import java.util.List;
import org.eclipse.microprofile.metrics.annotation.Timed;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The protection policy document of record (the JSON of {@code docs/policy.md} that custos-jpa and custos-cdi
 * read at start-up). Every change carries a reason, creates a new version, and is audited in the same
 * transaction. The ERP applies a version when it next starts with it as its {@code custos.policy}.
 */
@Path("policy")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "policy", description = "the protection policy, versioned and audited")
@Timed(name = "custos_admin_policy", absolute = true, description = "time spent in the policy resource")
public class PolicyResource extends ResourceBase {
    static final int MAX_DOCUMENT_CHARS = 262_144;

    @GET
    @RolesAllowed({Roles.AUDITOR, Roles.KEY_CUSTODIAN, Roles.SECURITY_OFFICER})
    @Operation(summary = "the current policy (version 0 and an empty document before the first change)")
    public Dto.PolicyView current() throws CryptoException {
        return runtime.store().currentPolicy().map(PolicyResource::view)
                .orElse(new Dto.PolicyView(0, JsonObject.EMPTY_JSON_OBJECT, AdminStore.sha256("{}"), null, null, null));
    }

    @GET
    @Path("history")
    @RolesAllowed({Roles.AUDITOR, Roles.SECURITY_OFFICER})
    @Operation(summary = "earlier versions, newest first")
    public List<Dto.PolicyView> history(@QueryParam("limit") Integer limit) throws CryptoException {
        return runtime.store().policyHistory(limit == null ? 50 : limit).stream().map(PolicyResource::view).toList();
    }

    @PUT
    @RolesAllowed(Roles.SECURITY_OFFICER)
    @Operation(summary = "replace the policy with a reason; audited as POLICY/change-policy")
    public Dto.PolicyView change(Dto.PolicyChange body) throws CryptoException {
        required(body, "body");
        JsonObject document = required(body.document(), "document");
        if (!(document.get("policyVersion") instanceof JsonNumber n) || n.intValue() != 1) {
            throw bad("document must be a protection policy with \"policyVersion\": 1 (see docs/policy.md)");
        }
        String text = document.toString();
        if (text.length() > MAX_DOCUMENT_CHARS) {
            throw bad("document is larger than " + MAX_DOCUMENT_CHARS + " characters");
        }
        String reason = reason(body.reason());
        return view(runtime.store().changePolicy(actor(), body.expectedVersion() == null ? -1 : body.expectedVersion(),
                text, reason));
    }

    static Dto.PolicyView view(AdminStore.PolicyVersion v) {
        try (JsonReader r = Json.createReader(new StringReader(v.document()))) {
            return new Dto.PolicyView(v.version(), r.readObject(), v.sha256(), v.changedBy(), v.changedAt(), v.reason());
        }
    }

}
