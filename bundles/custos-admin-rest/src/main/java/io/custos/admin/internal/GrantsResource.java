package io.custos.admin.internal;

import io.custos.admin.Roles;
import io.custos.api.error.CryptoException;
import io.custos.kms.EdgeGrant;
import io.custos.kms.IssuedGrant;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import org.eclipse.microprofile.metrics.annotation.Timed;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Encrypt-only edge grants for devices and cloud applications. */
@Path("grants")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "grants", description = "encrypt-only edge grants")
@Timed(name = "custos_admin_grants", absolute = true, description = "time spent in the grants resource")
public class GrantsResource extends ResourceBase {

    @GET
    @RolesAllowed({Roles.AUDITOR, Roles.KEY_CUSTODIAN, Roles.SECURITY_OFFICER})
    @Operation(summary = "every grant (metadata; tokens are never stored in clear)")
    public List<Dto.GrantView> list() throws CryptoException {
        return runtime.kms().grants(actor()).stream().map(GrantsResource::view).toList();
    }

    @POST
    @RolesAllowed(Roles.KEY_CUSTODIAN)
    @Operation(summary = "issue a grant; the response shows its bearer token once (Cache-Control: no-store)")
    public Dto.IssuedGrantView issue(Dto.GrantBody body) throws CryptoException {
        required(body, "body");
        long minutes = required(body.lifetimeMinutes(), "lifetimeMinutes");
        if (minutes < 1) {
            throw bad("lifetimeMinutes must be at least 1");
        }
        try (IssuedGrant g = runtime.kms().issueGrant(actor(), name(body.tenant(), "tenant"),
                dataClass(body.dataClass()), name(body.device(), "device"), Duration.ofMinutes(minutes))) {
            byte[] raw = g.token().bytes();
            try {
                return new Dto.IssuedGrantView(view(g.grant()), Base64.getUrlEncoder().withoutPadding().encodeToString(raw));
            } finally {
                Arrays.fill(raw, (byte) 0);
            }
        }
    }

    @POST
    @Path("{id}/revoke")
    @RolesAllowed(Roles.SECURITY_OFFICER)
    @Operation(summary = "revoke a grant on every instance within the poll interval")
    public Dto.GrantView revoke(@PathParam("id") String id) throws CryptoException {
        return view(runtime.kms().revokeGrant(actor(), name(id, "id")));
    }

    static Dto.GrantView view(EdgeGrant g) {
        return new Dto.GrantView(g.grantId(), g.tenant(), g.dataClass().name(), g.device(), g.issuedBy(), g.issuedAt(),
                g.expiresAt(), g.revokedAt(), g.validAt(Instant.now()));
    }
}
