package io.custos.admin.internal;

import io.custos.admin.Roles;
import io.custos.kms.Actor;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Who the console is signed in as. */
@Path("me")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "session")
public class MeResource extends ResourceBase {

    @GET
    @RolesAllowed({Roles.AUDITOR, Roles.KEY_CUSTODIAN, Roles.SECURITY_OFFICER, Roles.DATA_OPERATOR})
    @Operation(summary = "the caller's principal and Custos roles")
    public Dto.Me me() {
        Actor a = actor();
        return new Dto.Me(a.principal(), a.roles().stream().map(r -> r.id()).sorted().toList());
    }
}
