package io.custos.admin.internal;

import io.custos.admin.Roles;
import io.custos.api.error.CryptoException;
import io.custos.api.error.ErrorCode;
import io.custos.kms.BackupBundle;
import io.custos.kms.BackupException;
import io.custos.kms.BackupShare;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.microprofile.metrics.annotation.Timed;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Key backups (Shamir-split) and restore ceremonies. A backup is written to the server's backup directory:
 * the sealed archive and one file per share, owner-only, for the custodians to collect. The API never returns
 * the archive or a share; shares come back in only one by one, into a restore ceremony.
 */
@jakarta.ws.rs.Path("")
@RequestScoped
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "backup", description = "key backup and restore ceremonies")
@Timed(name = "custos_admin_backups", absolute = true, description = "time spent in the backup resource")
public class BackupsResource extends ResourceBase {
    private static final Pattern BACKUP_ID = Pattern.compile("[A-Za-z0-9-]{1,64}");

    @POST
    @jakarta.ws.rs.Path("backups")
    @RolesAllowed(Roles.KEY_CUSTODIAN)
    @Operation(summary = "back up every key under a fresh backup key split into shares; files stay on the server")
    public Dto.BackupView backup(Dto.BackupBody body) throws CryptoException {
        required(body, "body");
        try (BackupBundle b = runtime.kms().backup(actor(), required(body.shares(), "shares"),
                required(body.threshold(), "threshold"))) {
            Path dir = runtime.backupDir().resolve(b.backupId());
            List<String> files = new ArrayList<>();
            try {
                Files.createDirectories(runtime.backupDir());
                Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                write(dir.resolve("archive.bin"), b.archive());
                files.add("archive.bin");
                for (BackupShare s : b.shares()) {
                    String file = "share-" + s.index() + ".txt";
                    char[] text = s.toText();
                    try (Writer w = Files.newBufferedWriter(create(dir.resolve(file)), StandardCharsets.US_ASCII)) {
                        w.write(text);
                        w.write('\n');
                    } finally {
                        Arrays.fill(text, '\0');
                    }
                    files.add(file);
                }
            } catch (IOException e) {
                throw new BackupException(ErrorCode.KMS_BACKUP_INVALID, b.backupId(),
                        "its files cannot be written to the backup directory (" + e.getClass().getSimpleName() + ")");
            }
            return new Dto.BackupView(b.backupId(), b.createdAt(), b.keyCount(), b.threshold(), b.shares().size(),
                    dir.toString(), files);
        }
    }

    @POST
    @jakarta.ws.rs.Path("restores")
    @RolesAllowed(Roles.KEY_CUSTODIAN)
    @Operation(summary = "open a restore ceremony for a backup in the backup directory (the key store must be empty)")
    public Dto.RestoreView begin(Dto.RestoreBody body) throws CryptoException {
        String id = required(required(body, "body").backupId(), "backupId");
        if (!BACKUP_ID.matcher(id).matches()) {
            throw bad("backupId must be 1..64 letters, digits or -");
        }
        byte[] archive;
        try {
            archive = Files.readAllBytes(runtime.backupDir().resolve(id).resolve("archive.bin"));
        } catch (IOException e) {
            throw notFound("backup " + id + " is not in the backup directory");
        }
        RestoreCeremonies.Open o = runtime.restores().add(runtime.kms().beginRestore(actor(), archive));
        return view(o, null);
    }

    @GET
    @jakarta.ws.rs.Path("restores")
    @RolesAllowed({Roles.AUDITOR, Roles.KEY_CUSTODIAN, Roles.SECURITY_OFFICER})
    @Operation(summary = "open restore ceremonies")
    public List<Dto.RestoreView> ceremonies() {
        return runtime.restores().all().stream().map(o -> view(o, null)).toList();
    }

    @POST
    @jakarta.ws.rs.Path("restores/{id}/approve")
    @RolesAllowed(Roles.SECURITY_OFFICER)
    @Operation(summary = "approve a restore (a security officer other than the requester)")
    public Dto.RestoreView approve(@PathParam("id") String id) throws CryptoException {
        RestoreCeremonies.Open o = open(id);
        o.ceremony().approve(actor());
        o.approvers().add(actor().principal());
        return view(o, null);
    }

    @POST
    @jakarta.ws.rs.Path("restores/{id}/shares")
    @RolesAllowed(Roles.KEY_CUSTODIAN)
    @Operation(summary = "present one custodian's share in its printed text form")
    public Dto.RestoreView share(@PathParam("id") String id, Dto.ShareBody body) throws CryptoException {
        RestoreCeremonies.Open o = open(id);
        char[] text = required(required(body, "body").share(), "share").toCharArray();
        BackupShare share;
        try {
            share = BackupShare.fromText(text);
        } catch (IllegalArgumentException e) {
            throw bad("share is not a custos backup share");
        } finally {
            Arrays.fill(text, '\0');
        }
        int index = share.index();
        o.ceremony().addShare(actor(), share);
        o.shareIndexes().add(index);
        return view(o, null);
    }

    @POST
    @jakarta.ws.rs.Path("restores/{id}/complete")
    @RolesAllowed(Roles.KEY_CUSTODIAN)
    @Operation(summary = "complete the restore (the custodian who opened it)")
    public Dto.RestoreView complete(@PathParam("id") String id) throws CryptoException {
        RestoreCeremonies.Open o = open(id);
        int restored = o.ceremony().complete(actor());
        runtime.restores().remove(id);
        return view(o, restored);
    }

    @POST
    @jakarta.ws.rs.Path("restores/{id}/cancel")
    @RolesAllowed({Roles.KEY_CUSTODIAN, Roles.SECURITY_OFFICER})
    @Operation(summary = "abandon a restore ceremony and wipe the shares presented so far")
    public Dto.RestoreView cancel(@PathParam("id") String id) throws CryptoException {
        RestoreCeremonies.Open o = open(id);
        runtime.restores().remove(id);
        return view(o, 0);
    }

    private RestoreCeremonies.Open open(String id) throws CryptoException {
        return runtime.restores().get(id).orElseThrow(() -> notFound("no open restore ceremony " + id));
    }

    private static Dto.RestoreView view(RestoreCeremonies.Open o, Integer restored) {
        return new Dto.RestoreView(o.id(), o.ceremony().backupId(), o.ceremony().requestedBy(), o.openedAt(),
                List.copyOf(o.approvers()), List.copyOf(o.shareIndexes()), restored);
    }

    private static void write(Path file, byte[] data) throws IOException {
        Files.write(create(file), data);
    }

    private static Path create(Path file) throws IOException {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        return file;
    }

}
