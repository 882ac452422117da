package io.custos.admin.internal;

import io.custos.admin.Roles;
import io.custos.api.KeyReference;
import io.custos.api.error.CryptoException;
import io.custos.kms.KeyInfo;
import io.custos.kms.KeyVersionInfo;
import io.custos.kms.KmsConfig;
import io.custos.spi.KeyScope;
import io.custos.spi.KeyUsage;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.metrics.annotation.Timed;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The key inventory and lifecycle. Metadata only: no response holds key material. */
@Path("keys")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "keys", description = "key inventory and lifecycle")
@Timed(name = "custos_admin_keys", absolute = true, description = "time spent in the keys resource")
public class KeysResource extends ResourceBase {

    @GET
    @RolesAllowed({Roles.AUDITOR, Roles.KEY_CUSTODIAN, Roles.SECURITY_OFFICER})
    @Operation(summary = "list keys (optionally of one tenant) with state, version and age against the cryptoperiod")
    public List<Dto.KeyView> list(@QueryParam("tenant") String tenant) throws CryptoException {
        List<Dto.KeyView> out = new ArrayList<>();
        for (KeyInfo k : runtime.kms().keys(actor(), tenant == null ? null : name(tenant, "tenant"))) {
            out.add(view(k, runtime.kmsConfig()));
        }
        return out;
    }

    @GET
    @Path("{id}")
    @RolesAllowed({Roles.AUDITOR, Roles.KEY_CUSTODIAN, Roles.SECURITY_OFFICER})
    @Operation(summary = "one key with every version")
    public Dto.KeyView get(@PathParam("id") long id) throws CryptoException {
        return view(runtime.kms().key(actor(), id), runtime.kmsConfig());
    }

    @POST
    @RolesAllowed(Roles.KEY_CUSTODIAN)
    @Operation(summary = "create the key of a scope (or return the existing one)")
    public Dto.KeyView create(Dto.CreateKey body) throws CryptoException {
        required(body, "body");
        KeyUsage usage;
        try {
            usage = body.usage() == null ? KeyUsage.FIELD_ENCRYPTION
                    : KeyUsage.valueOf(body.usage().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw bad("usage must be one of " + java.util.Arrays.toString(KeyUsage.values()));
        }
        KeyScope scope = new KeyScope(name(body.tenant(), "tenant"), dataClass(body.dataClass()),
                body.subject() == null ? null : name(body.subject(), "subject"), usage);
        return view(runtime.kms().createKey(actor(), scope, body.activate() == null || body.activate()),
                runtime.kmsConfig());
    }

    @POST
    @Path("{id}/rotate")
    @RolesAllowed(Roles.KEY_CUSTODIAN)
    @Operation(summary = "add a new active version; the previous one keeps decrypting")
    public Dto.KeyView rotate(@PathParam("id") long id) throws CryptoException {
        return view(runtime.kms().rotate(actor(), id), runtime.kmsConfig());
    }

    @POST
    @Path("rotate-due")
    @RolesAllowed(Roles.KEY_CUSTODIAN)
    @Operation(summary = "rotate every key whose current version outlived its cryptoperiod")
    public Dto.Rotated rotateDue() throws CryptoException {
        return new Dto.Rotated(runtime.kms().rotateDueKeys(actor()));
    }

    @POST
    @Path("kek/rotate")
    @RolesAllowed(Roles.KEY_CUSTODIAN)
    @Operation(summary = "rotate the key-encryption key of a partition and re-seal its data keys")
    public Dto.Resealed rotateKek(Dto.RotateKek body) throws CryptoException {
        required(body, "body");
        String tenant = name(body.tenant(), "tenant");
        var dataClass = dataClass(body.dataClass());
        return new Dto.Resealed(tenant, dataClass.name(),
                runtime.kms().rotateKeyEncryptionKey(actor(), tenant, dataClass));
    }

    @POST
    @Path("{id}/versions/{version}/activate")
    @RolesAllowed(Roles.KEY_CUSTODIAN)
    @Operation(summary = "activate a pre-active version")
    public Dto.KeyView activate(@PathParam("id") long id, @PathParam("version") long version) throws CryptoException {
        return view(runtime.kms().activate(actor(), ref(id, version)), runtime.kmsConfig());
    }

    @POST
    @Path("{id}/versions/{version}/revoke")
    @RolesAllowed({Roles.KEY_CUSTODIAN, Roles.SECURITY_OFFICER})
    @Operation(summary = "revoke a version: reason 'superseded' deactivates it (custodian), 'compromised' marks it"
            + " compromised and replaces it if current (custodian or officer)")
    public Dto.KeyView revoke(@PathParam("id") long id, @PathParam("version") long version, Dto.Revoke body)
            throws CryptoException {
        String reason = required(required(body, "body").reason(), "reason");
        return switch (reason) {
            case "superseded" -> view(runtime.kms().deactivate(actor(), ref(id, version)), runtime.kmsConfig());
            case "compromised" -> view(runtime.kms().markCompromised(actor(), ref(id, version)), runtime.kmsConfig());
            default -> throw bad("reason must be superseded or compromised");
        };
    }

    @POST
    @Path("{id}/minimum-version")
    @RolesAllowed(Roles.KEY_CUSTODIAN)
    @Operation(summary = "retire every version below the given one from decryption")
    public Dto.KeyView minimumVersion(@PathParam("id") long id, Dto.MinimumVersion body) throws CryptoException {
        return view(runtime.kms().setMinimumDecryptionVersion(actor(), id,
                required(required(body, "body").version(), "version")), runtime.kmsConfig());
    }

    private KeyReference ref(long id, long version) throws CryptoException {
        try {
            return new KeyReference(id, version);
        } catch (IllegalArgumentException e) {
            throw bad("key id and version must be 1 .. " + KeyReference.MAX);
        }
    }

    static Dto.KeyView view(KeyInfo k, KmsConfig config) {
        KeyVersionInfo current = k.versions().stream().filter(v -> v.reference().version() == k.currentVersion())
                .findFirst().orElse(null);
        Instant since = current == null ? k.createdAt()
                : current.activatedAt() != null ? current.activatedAt() : current.createdAt();
        long age = Duration.between(since, Instant.now()).toDays();
        Duration period = config.cryptoperiod(k.dataClass());
        String state = current == null ? "unknown" : current.state().label();
        boolean due = !k.shredded() && current != null && current.state().mayEncrypt() && period != null
                && Duration.between(since, Instant.now()).compareTo(period) >= 0;
        List<Dto.VersionView> versions = new ArrayList<>();
        for (KeyVersionInfo v : k.versions()) {
            versions.add(new Dto.VersionView(v.reference().version(), v.state().label(), v.sealedBy(), v.createdAt(),
                    v.activatedAt(), v.deactivatedAt(), v.compromisedAt(), v.destroyedAt()));
        }
        return new Dto.KeyView(k.keyId(), k.tenant(), k.dataClass().name(), k.subject(),
                k.usage() == null ? "KEK" : k.usage().name(), k.keyEncryptionKey(), k.currentVersion(),
                k.minimumDecryptionVersion(), k.shredded(), state, k.createdAt(), age,
                period == null ? -1 : period.toDays(), due, versions);
    }
}
