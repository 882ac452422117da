package io.custos.audit.verify;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The layout of an evidence pack: a directory an auditor verifies offline with the public key alone.
 *
 * <pre>
 * manifest.json      log name, time range, sequence range [firstSeq, endSeq), covering tree size, algorithm
 * manifest.sig       Base64 signature over the exact bytes of manifest.json
 * events.jsonl       the canonical event lines, seq firstSeq .. endSeq-1, each ended by a line feed
 * checkpoints.jsonl  the signed checkpoints from the last one at or before firstSeq to the first one at or after endSeq
 * proofs.json        compact range of [0, firstSeq), compact range of [endSeq, treeSize), consistency proofs
 * public-key.pem     the signing public key (compare its fingerprint with the one the operator publishes)
 * </pre>
 *
 * <h2>Security guarantees</h2>
 * A pack holds canonical events (ids, names, keyed digests), hashes, signatures and the public key — no
 * secret. Every file is covered by a signature, directly or through the Merkle roots.
 */
public final class EvidencePack {
    public static final String FORMAT = "custos-audit-pack/1";
    public static final String MANIFEST = "manifest.json";
    public static final String MANIFEST_SIG = "manifest.sig";
    public static final String EVENTS = "events.jsonl";
    public static final String CHECKPOINTS = "checkpoints.jsonl";
    public static final String PROOFS = "proofs.json";
    public static final String PUBLIC_KEY = "public-key.pem";
    /** Signature algorithms a pack may name. */
    public static final List<String> ALGORITHMS = List.of("SHA256withECDSA", "SHA384withECDSA", "SHA512withECDSA",
            "SHA256withRSA", "SHA384withRSA", "SHA512withRSA", "Ed25519");

    private EvidencePack() {
    }

    /** Signs bytes, e.g. through {@code RootKeyProvider.sign}. */
    @FunctionalInterface
    public interface Signer {
        byte[] sign(byte[] data) throws GeneralSecurityException;
    }

    /**
     * What the pack covers.
     *
     * @param treeSize the size of the covering checkpoint (at least {@code endSeq})
     */
    public record Manifest(String log, Instant from, Instant to, long firstSeq, long endSeq, long treeSize,
                           String signatureAlgorithm, String keyFingerprint, Instant exportedAt) {
        public String toJson() {
            StringBuilder out = new StringBuilder(400);
            out.append("{\"format\":\"").append(FORMAT).append("\",\"log\":");
            Json.quote(out, log);
            out.append(",\"from\":\"").append(from).append("\",\"to\":\"").append(to)
                    .append("\",\"firstSeq\":").append(firstSeq).append(",\"endSeq\":").append(endSeq)
                    .append(",\"treeSize\":").append(treeSize).append(",\"signatureAlgorithm\":");
            Json.quote(out, signatureAlgorithm);
            out.append(",\"keyFingerprint\":");
            Json.quote(out, keyFingerprint);
            out.append(",\"exportedAt\":\"").append(exportedAt).append("\"}\n");
            return out.toString();
        }

        /** @throws IllegalArgumentException if malformed */
        public static Manifest fromJson(String text) {
            Map<String, Object> m = Json.parseObject(text.strip());
            if (!FORMAT.equals(m.get("format"))) {
                throw new IllegalArgumentException("not a " + FORMAT + " manifest");
            }
            try {
                Manifest r = new Manifest(Json.str(m, "log"), Instant.parse(Json.str(m, "from")),
                        Instant.parse(Json.str(m, "to")), Json.num(m, "firstSeq"), Json.num(m, "endSeq"),
                        Json.num(m, "treeSize"), Json.str(m, "signatureAlgorithm"), Json.str(m, "keyFingerprint"),
                        Instant.parse(Json.str(m, "exportedAt")));
                if (r.firstSeq < 0 || r.endSeq < r.firstSeq || r.treeSize < r.endSeq) {
                    throw new IllegalArgumentException("manifest sequence range is inconsistent");
                }
                return r;
            } catch (java.time.format.DateTimeParseException e) {
                throw new IllegalArgumentException("manifest time is invalid");
            }
        }
    }

    /** A consistency proof between two checkpoint sizes. */
    public record Consistency(long from, long to, List<byte[]> proof) {
    }

    /**
     * The proofs file.
     *
     * @param left        the compact range of {@code [0, firstSeq)}
     * @param rightLevels levels of the compact range {@code [endSeq, treeSize)}, left to right
     * @param rightNodes  its node hashes
     */
    public record Proofs(CompactRange left, List<Integer> rightLevels, List<byte[]> rightNodes,
                         List<Consistency> consistency) {
        public String toJson() {
            StringBuilder out = new StringBuilder(1024);
            out.append("{\"left\":{\"size\":").append(left.size()).append(",\"nodes\":");
            hexArray(out, left.nodes());
            out.append("},\"right\":[");
            for (int i = 0; i < rightNodes.size(); i++) {
                out.append(i == 0 ? "" : ",").append("{\"level\":").append(rightLevels.get(i)).append(",\"hash\":\"")
                        .append(TreeHash.hex(rightNodes.get(i))).append("\"}");
            }
            out.append("],\"consistency\":[");
            for (int i = 0; i < consistency.size(); i++) {
                Consistency c = consistency.get(i);
                out.append(i == 0 ? "" : ",").append("{\"from\":").append(c.from()).append(",\"to\":").append(c.to())
                        .append(",\"proof\":");
                hexArray(out, c.proof());
                out.append('}');
            }
            out.append("]}\n");
            return out.toString();
        }

        /** @throws IllegalArgumentException if malformed */
        @SuppressWarnings("unchecked")
        public static Proofs fromJson(String text) {
            Map<String, Object> m = Json.parseObject(text.strip());
            Map<String, Object> left = (Map<String, Object>) m.get("left");
            CompactRange l = CompactRange.of(Json.num(left, "size"), hashes(left.get("nodes")));
            List<Integer> levels = new ArrayList<>();
            List<byte[]> nodes = new ArrayList<>();
            for (Object o : (List<Object>) m.get("right")) {
                Map<String, Object> n = (Map<String, Object>) o;
                levels.add((int) Json.num(n, "level"));
                nodes.add(TreeHash.unhex(Json.str(n, "hash")));
            }
            List<Consistency> cs = new ArrayList<>();
            for (Object o : (List<Object>) m.get("consistency")) {
                Map<String, Object> c = (Map<String, Object>) o;
                cs.add(new Consistency(Json.num(c, "from"), Json.num(c, "to"), hashes(c.get("proof"))));
            }
            return new Proofs(l, levels, nodes, cs);
        }

        @SuppressWarnings("unchecked")
        private static List<byte[]> hashes(Object list) {
            if (!(list instanceof List)) {
                throw new IllegalArgumentException("expected a list of hashes");
            }
            List<byte[]> out = new ArrayList<>();
            for (Object o : (List<Object>) list) {
                if (!(o instanceof String s)) {
                    throw new IllegalArgumentException("expected a hex hash");
                }
                out.add(TreeHash.unhex(s));
            }
            return out;
        }

        private static void hexArray(StringBuilder out, List<byte[]> hashes) {
            out.append('[');
            for (int i = 0; i < hashes.size(); i++) {
                out.append(i == 0 ? "\"" : ",\"").append(TreeHash.hex(hashes.get(i))).append('"');
            }
            out.append(']');
        }
    }

    /** Writes a pack: events first (streamed), then {@link #finish}. */
    public static final class Writer implements AutoCloseable {
        private final Path dir;
        private final OutputStream events;
        private long count;

        /** @throws IOException if the directory cannot be created or is not empty */
        public Writer(Path dir) throws IOException {
            this.dir = dir;
            Files.createDirectories(dir);
            try (var entries = Files.list(dir)) {
                if (entries.findAny().isPresent()) {
                    throw new IOException("evidence pack directory is not empty");
                }
            }
            this.events = new BufferedOutputStream(Files.newOutputStream(dir.resolve(EVENTS)), 1 << 16);
        }

        public void event(String canonicalLine) throws IOException {
            events.write(canonicalLine.getBytes(StandardCharsets.UTF_8));
            events.write('\n');
            count++;
        }

        public long count() {
            return count;
        }

        /** Writes the rest and signs the manifest. */
        public void finish(Manifest manifest, List<Checkpoint> checkpoints, Proofs proofs, PublicKey key,
                           Signer signer) throws IOException, GeneralSecurityException {
            events.close();
            StringBuilder cps = new StringBuilder();
            checkpoints.forEach(c -> cps.append(c.toJson()).append('\n'));
            Files.writeString(dir.resolve(CHECKPOINTS), cps, StandardCharsets.UTF_8);
            Files.writeString(dir.resolve(PROOFS), proofs.toJson(), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve(PUBLIC_KEY), PublicKeys.toPem(key), StandardCharsets.US_ASCII);
            byte[] manifestBytes = manifest.toJson().getBytes(StandardCharsets.UTF_8);
            Files.write(dir.resolve(MANIFEST), manifestBytes);
            Files.writeString(dir.resolve(MANIFEST_SIG),
                    Base64.getEncoder().encodeToString(signer.sign(manifestBytes)) + "\n", StandardCharsets.US_ASCII);
        }

        @Override
        public void close() throws IOException {
            events.close();
        }
    }
}
