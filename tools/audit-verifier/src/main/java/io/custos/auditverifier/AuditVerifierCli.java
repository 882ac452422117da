package io.custos.auditverifier;

import io.custos.audit.verify.PackVerifier;
import io.custos.audit.verify.PublicKeys;
import io.custos.audit.verify.VerificationReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.PublicKey;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code java -jar audit-verifier.jar [--public-key FILE | --fingerprint SHA256:..] PACK}: verifies a Custos
 * audit evidence pack (a directory or a .zip of one) with no server, no database and no secret.
 * Exit status 0 intact, 1 broken, 2 usage error or unreadable input.
 */
@Command(name = "audit-verifier", mixinStandardHelpOptions = true, version = "custos audit-verifier 0.1.0",
        description = "Verifies a Custos audit evidence pack offline: manifest and checkpoint signatures, "
                + "consistency proofs, every event (canonical form, sequence, hash chain) and the Merkle roots.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the pack is intact", "1:the pack is broken (the verdict names the first bad position)",
                "2:usage error or unreadable input"})
public final class AuditVerifierCli implements Callable<Integer> {
    static final int INTACT = 0;
    static final int BROKEN = 1;
    static final int USAGE = 2;

    @Parameters(index = "0", paramLabel = "PACK", description = "the evidence pack directory or .zip file")
    Path pack;

    @Option(names = "--public-key", paramLabel = "FILE",
            description = "PEM public key published by the operator; the pack must be signed with it")
    Path publicKey;

    @Option(names = "--fingerprint", paramLabel = "SHA256:HEX",
            description = "published fingerprint of the signing key; the pack's key must have it")
    String fingerprint;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int code = run(args, out, err);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs the command with the given streams; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new AuditVerifierCli());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExitCodeExceptionMapper(e -> USAGE);
        int code = cl.execute(args);
        out.flush();
        return code == CommandLine.ExitCode.USAGE ? USAGE : code;
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PublicKey pinned = null;
        if (publicKey != null) {
            try {
                pinned = PublicKeys.fromPem(Files.readString(publicKey, StandardCharsets.US_ASCII));
            } catch (IOException | IllegalArgumentException e) {
                err.println("cannot read the public key " + publicKey + ": " + e.getMessage());
                return USAGE;
            }
        }
        if (!Files.exists(pack)) {
            err.println("no such pack: " + pack);
            return USAGE;
        }
        Path dir = pack;
        Path extracted = null;
        if (Files.isRegularFile(pack)) {
            extracted = Files.createTempDirectory("custos-pack");
            try {
                dir = unzip(pack, extracted);
            } catch (IOException e) {
                delete(extracted);
                err.println("cannot read " + pack + " as a zip file: " + e.getMessage());
                return USAGE;
            }
        }
        try {
            VerificationReport report = PackVerifier.verify(dir, pinned);
            out.println("Custos audit evidence pack verification");
            out.print(report.verdict());
            if (report.intact() && fingerprint != null && report.facts().stream().noneMatch(f -> f.contains(fingerprint.trim()))) {
                out.println("VERDICT: BROKEN - the signing key does not have the expected fingerprint " + fingerprint.trim());
                return BROKEN;
            }
            return report.intact() ? INTACT : BROKEN;
        } finally {
            if (extracted != null) {
                delete(extracted);
            }
        }
    }

    /** Extracts a zip, refusing entries that would land outside the target; returns the pack directory. */
    static Path unzip(Path zip, Path target) throws IOException {
        try (InputStream in = Files.newInputStream(zip); ZipInputStream z = new ZipInputStream(in)) {
            ZipEntry e;
            while ((e = z.getNextEntry()) != null) {
                Path to = target.resolve(e.getName()).normalize();
                if (!to.startsWith(target)) {
                    throw new IOException("entry " + e.getName() + " points outside the pack");
                }
                if (e.isDirectory()) {
                    Files.createDirectories(to);
                } else {
                    Files.createDirectories(to.getParent());
                    Files.copy(z, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        if (Files.exists(target.resolve("manifest.json"))) {
            return target;
        }
        try (Stream<Path> s = Files.walk(target)) {
            return s.filter(p -> p.getFileName().toString().equals("manifest.json")).map(Path::getParent)
                    .findFirst().orElse(target);
        }
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
