package io.custos.audit.verify;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;

/**
 * Verifies an {@link EvidencePack} offline: no database, no server, no secret — only the pack and,
 * optionally, the public key the operator published (pinning it defeats a pack re-signed with another
 * key). Checks the manifest signature, every checkpoint signature, the consistency proofs between
 * consecutive checkpoints, every event (canonical form, sequence, hash chain) and the Merkle roots.
 *
 * <h2>Security guarantees</h2>
 * Without a pinned key, the verdict holds for the key in the pack, whose fingerprint it prints; the
 * auditor must compare it with the published one.
 */
public final class PackVerifier {
    private PackVerifier() {
    }

    /**
     * @param pack   the pack directory
     * @param pinned the expected signing key, or {@code null} to trust the pack's key after printing it
     */
    public static VerificationReport verify(Path pack, PublicKey pinned) {
        List<String> facts = new ArrayList<>();
        facts.add("pack: " + pack);
        EvidencePack.Manifest manifest;
        PublicKey key;
        List<Checkpoint> checkpoints = new ArrayList<>();
        EvidencePack.Proofs proofs;
        try {
            key = PublicKeys.fromPem(Files.readString(pack.resolve(EvidencePack.PUBLIC_KEY), StandardCharsets.US_ASCII));
            facts.add("signing key: " + key.getAlgorithm() + ", fingerprint " + PublicKeys.fingerprint(key)
                    + (pinned == null ? " (not pinned: compare with the fingerprint the operator published)"
                    : " (pinned)"));
            if (pinned != null && !Arrays.equals(pinned.getEncoded(), key.getEncoded())) {
                return broken(facts, "the pack's public key is not the expected key " + PublicKeys.fingerprint(pinned));
            }
            byte[] manifestBytes = Files.readAllBytes(pack.resolve(EvidencePack.MANIFEST));
            manifest = EvidencePack.Manifest.fromJson(new String(manifestBytes, StandardCharsets.UTF_8));
            if (!EvidencePack.ALGORITHMS.contains(manifest.signatureAlgorithm())) {
                return broken(facts, "unsupported signature algorithm " + manifest.signatureAlgorithm());
            }
            byte[] sig = Base64.getDecoder().decode(
                    Files.readString(pack.resolve(EvidencePack.MANIFEST_SIG), StandardCharsets.US_ASCII).strip());
            if (!verifySignature(key, manifest.signatureAlgorithm(), manifestBytes, sig)) {
                return broken(facts, "manifest.json signature does not verify (manifest altered or signed by another key)");
            }
            facts.add("log: " + manifest.log() + ", time range " + manifest.from() + " .. " + manifest.to()
                    + ", exported " + manifest.exportedAt());
            facts.add("events: seq " + manifest.firstSeq() + " .. " + (manifest.endSeq() - 1) + " ("
                    + (manifest.endSeq() - manifest.firstSeq()) + "), covered by the checkpoint of size "
                    + manifest.treeSize());
            for (String line : Files.readAllLines(pack.resolve(EvidencePack.CHECKPOINTS), StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    checkpoints.add(Checkpoint.fromJson(line));
                }
            }
            proofs = EvidencePack.Proofs.fromJson(Files.readString(pack.resolve(EvidencePack.PROOFS), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return broken(facts, "the pack lacks " + Path.of(e.getFile()).getFileName());
        } catch (IOException | IllegalArgumentException e) {
            return broken(facts, "the pack is unreadable: " + e.getMessage());
        }
        if (proofs.left().size() != manifest.firstSeq()) {
            return broken(facts, "the proof of earlier events covers " + proofs.left().size() + " events, not "
                    + manifest.firstSeq());
        }
        LogVerifier verifier = new LogVerifier(manifest.log(), key, manifest.signatureAlgorithm(), proofs.left(), null,
                checkpoints);
        facts.forEach(verifier::fact);
        if (checkpoints.stream().noneMatch(c -> c.size() == manifest.treeSize())) {
            verifier.fail(-1, "no signed checkpoint of size " + manifest.treeSize() + " covers the end of the range");
        }
        checkConsistency(checkpoints, proofs, verifier);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(pack.resolve(EvidencePack.EVENTS)), 1 << 16)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream(512);
            int b;
            while ((b = in.read()) >= 0) {
                if (b == '\n') {
                    if (!verifier.accept(line.toByteArray(), null)) {
                        break;
                    }
                    line.reset();
                } else {
                    line.write(b);
                }
            }
            if (line.size() > 0) {
                verifier.accept(line.toByteArray(), null);
            }
        } catch (IOException e) {
            verifier.fail(verifier.size(), "events.jsonl cannot be read: " + e.getMessage());
        }
        if (verifier.size() > manifest.endSeq()) {
            verifier.fail(manifest.endSeq(), "events continue past the signed end of the range (seq "
                    + (manifest.endSeq() - 1) + "): inserted events");
        } else if (verifier.size() == manifest.endSeq() && manifest.treeSize() > manifest.endSeq()) {
            verifier.acceptRightRange(manifest.treeSize(), proofs.rightLevels(), proofs.rightNodes());
        }
        return verifier.finish(manifest.endSeq());
    }

    private static void checkConsistency(List<Checkpoint> checkpoints, EvidencePack.Proofs proofs, LogVerifier verifier) {
        List<Checkpoint> sorted = new ArrayList<>(checkpoints);
        sorted.sort(Comparator.comparingLong(Checkpoint::size));
        for (int i = 1; i < sorted.size(); i++) {
            Checkpoint a = sorted.get(i - 1);
            Checkpoint b = sorted.get(i);
            if (a.size() == b.size() || a.size() == 0) {
                continue;
            }
            EvidencePack.Consistency proof = proofs.consistency().stream()
                    .filter(c -> c.from() == a.size() && c.to() == b.size()).findFirst().orElse(null);
            if (proof == null) {
                verifier.fail(-1, "no consistency proof between the checkpoints of size " + a.size() + " and " + b.size());
                return;
            }
            if (!MerkleProofs.verifyConsistency(a.size(), b.size(), a.root(), b.root(), proof.proof())) {
                verifier.fail(-1, "the checkpoint of size " + b.size() + " is not an append-only extension of the one of size "
                        + a.size() + " (consistency proof fails)");
                return;
            }
            verifier.proofVerified();
        }
    }

    private static boolean verifySignature(PublicKey key, String algorithm, byte[] data, byte[] sig) {
        try {
            Signature s = Signature.getInstance(algorithm);
            s.initVerify(key);
            s.update(data);
            return s.verify(sig);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static VerificationReport broken(List<String> facts, String problem) {
        return new VerificationReport(false, -1, problem, 0, 0, 0, facts);
    }
}
