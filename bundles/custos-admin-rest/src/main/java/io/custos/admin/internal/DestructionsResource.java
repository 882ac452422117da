package io.custos.admin.internal;

import io.custos.admin.Roles;
import io.custos.api.error.CryptoException;
import io.custos.kms.DestructionRequest;
import io.custos.kms.DestructionTarget;
import io.custos.kms.KmsRequestException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.metrics.annotation.Timed;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Scheduled destruction under dual control: a custodian requests, distinct security officers approve (never
 * the requester), and execution happens only after the waiting period. These are the console's pending
 * approvals.
 */
@Path("destructions")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "approvals", description = "destruction requests under dual control")
@Timed(name = "custos_admin_destructions", absolute = true, description = "time spent in the destructions resource")
public class DestructionsResource extends ResourceBase {

    @GET
    @RolesAllowed({Roles.AUDITOR, Roles.KEY_CUSTODIAN, Roles.SECURITY_OFFICER})
    @Operation(summary = "destruction requests made through this API, newest first; status=PENDING for approvals")
    public List<Dto.DestructionView> list(@QueryParam("status") String status) throws CryptoException {
        DestructionRequest.Status wanted = null;
        if (status != null) {
            try {
                wanted = DestructionRequest.Status.valueOf(status.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw bad("status must be PENDING, CANCELLED or EXECUTED");
            }
        }
        List<Dto.DestructionView> out = new ArrayList<>();
        for (long id : runtime.store().destructionIds(200)) {
            DestructionRequest r;
            try {
                r = runtime.kms().destruction(actor(), id);
            } catch (KmsRequestException e) {
                continue;
            }
            if (wanted == null || r.status() == wanted) {
                out.add(view(r));
            }
        }
        return out;
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.AUDITOR, Roles.KEY_CUSTODIAN, Roles.SECURITY_OFFICER})
    @Operation(summary = "one destruction request")
    public Dto.DestructionView get(@PathParam("id") long id) throws CryptoException {
        return view(runtime.kms().destruction(actor(), id));
    }

    @POST
    @RolesAllowed(Roles.KEY_CUSTODIAN)
    @Operation(summary = "request the destruction of a key, a data subject's keys (crypto-shredding) or a tenant")
    public Dto.DestructionView request(Dto.DestructionBody body) throws CryptoException {
        required(body, "body");
        String kind = required(body.kind(), "kind").trim().toUpperCase(Locale.ROOT);
        DestructionTarget target = switch (kind) {
            case "KEY" -> DestructionTarget.key(required(body.keyId(), "keyId"));
            case "SUBJECT" -> DestructionTarget.subject(name(body.tenant(), "tenant"), name(body.subject(), "subject"));
            case "TENANT" -> DestructionTarget.tenant(name(body.tenant(), "tenant"));
            default -> throw bad("kind must be KEY, SUBJECT or TENANT");
        };
        Duration waiting = null;
        if (body.waitingDays() != null) {
            if (body.waitingDays() < 0 || body.waitingDays() > 3650) {
                throw bad("waitingDays must be 0 .. 3650");
            }
            waiting = Duration.ofDays(body.waitingDays());
        }
        DestructionRequest r = runtime.kms().requestDestruction(actor(), target, waiting);
        runtime.store().registerDestruction(r.id());
        return view(r);
    }

    @POST
    @Path("{id}/approve")
    @RolesAllowed(Roles.SECURITY_OFFICER)
    @Operation(summary = "approve (a security officer other than the requester)")
    public Dto.DestructionView approve(@PathParam("id") long id) throws CryptoException {
        return view(runtime.kms().approveDestruction(actor(), id));
    }

    @POST
    @Path("{id}/cancel")
    @RolesAllowed({Roles.SECURITY_OFFICER, Roles.KEY_CUSTODIAN})
    @Operation(summary = "reject / cancel a pending request")
    public Dto.DestructionView cancel(@PathParam("id") long id) throws CryptoException {
        return view(runtime.kms().cancelDestruction(actor(), id));
    }

    @POST
    @Path("{id}/execute")
    @RolesAllowed(Roles.SECURITY_OFFICER)
    @Operation(summary = "execute an approved request whose waiting period is over")
    public Dto.DestructionView execute(@PathParam("id") long id) throws CryptoException {
        return view(runtime.kms().executeDestruction(actor(), id));
    }

    private Dto.DestructionView view(DestructionRequest r) {
        DestructionTarget t = r.target();
        return new Dto.DestructionView(r.id(), t.kind().name(), t.keyId(), t.tenant(), t.subject(), r.requestedBy(),
                r.requestedAt(), r.notBefore(), r.status().name(), r.approvers().stream().sorted().toList(),
                runtime.kmsConfig().destructionApprovals(), r.decidedBy(), r.decidedAt());
    }

}
