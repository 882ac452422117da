package io.custos.audit.verify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A signed statement "log {@code log} had {@code size} events with Merkle root {@code root} at {@code time}",
 * in the spirit of an RFC 9162 signed tree head. The signature covers the UTF-8 bytes of {@link #note()}:
 *
 * <pre>
 * custos-audit-checkpoint/v1
 * log: custos-audit
 * size: 4096
 * root: 5f3c…(64 hex digits)
 * time: 2026-11-30T01:15:53.123456Z
 * </pre>
 *
 * @param log       the log's name, so that a signature of one log does not vouch for another
 * @param size      the number of events the tree holds
 * @param root      the RFC 9162 root hash (32 bytes)
 * @param time      when it was signed (microseconds)
 * @param signature the signature over {@link #note()} with the algorithm the verifier is told
 *
 * <h2>Security guarantees</h2>
 * The signature covers the log name, size, root and time; changing any of them invalidates it.
 */
public record Checkpoint(String log, long size, byte[] root, Instant time, byte[] signature) {
    /** First line of every note. */
    public static final String HEADER = "custos-audit-checkpoint/v1";
    /** What a log name may look like. */
    public static final Pattern LOG_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}");

    public Checkpoint {
        Objects.requireNonNull(log, "log");
        if (!LOG_NAME.matcher(log).matches()) {
            throw new IllegalArgumentException("invalid log name");
        }
        if (size < 0 || root.length != TreeHash.SIZE) {
            throw new IllegalArgumentException("invalid checkpoint size or root");
        }
        root = root.clone();
        time = CanonicalEvent.normalise(time);
        signature = signature == null ? new byte[0] : signature.clone();
    }

    @Override
    public byte[] root() {
        return root.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    /** The signed text. */
    public String note() {
        return HEADER + "\nlog: " + log + "\nsize: " + size + "\nroot: " + TreeHash.hex(root) + "\ntime: "
                + time + "\n";
    }

    public byte[] noteBytes() {
        return note().getBytes(StandardCharsets.UTF_8);
    }

    /** The same checkpoint with a signature. */
    public Checkpoint withSignature(byte[] sig) {
        return new Checkpoint(log, size, root, time, sig);
    }

    /** Whether the signature is valid for {@code key} with JCA algorithm {@code algorithm}. */
    public boolean verify(PublicKey key, String algorithm) {
        try {
            Signature s = Signature.getInstance(algorithm);
            s.initVerify(key);
            s.update(noteBytes());
            return s.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** One line of {@code checkpoints.jsonl}. */
    public String toJson() {
        StringBuilder out = new StringBuilder(256);
        out.append("{\"log\":");
        Json.quote(out, log);
        out.append(",\"size\":").append(size).append(",\"root\":\"").append(TreeHash.hex(root))
                .append("\",\"time\":\"").append(time).append("\",\"signature\":\"")
                .append(Base64.getEncoder().encodeToString(signature)).append("\"}");
        return out.toString();
    }

    /**
     * Parses {@link #toJson()}.
     *
     * @throws IllegalArgumentException if malformed
     */
    public static Checkpoint fromJson(String line) {
        Map<String, Object> m = Json.parseObject(line);
        try {
            return new Checkpoint(Json.str(m, "log"), Json.num(m, "size"), TreeHash.unhex(Json.str(m, "root")),
                    Instant.parse(Json.str(m, "time")), Base64.getDecoder().decode(Json.str(m, "signature")));
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("checkpoint time is invalid");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Checkpoint c && c.log.equals(log) && c.size == size
                && java.util.Arrays.equals(c.root, root) && c.time.equals(time)
                && java.util.Arrays.equals(c.signature, signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(log, size, java.util.Arrays.hashCode(root), time);
    }

    @Override
    public String toString() {
        return "Checkpoint[" + log + ", size=" + size + ", root=" + TreeHash.hex(root) + ", time=" + time + "]";
    }
}
