package io.custos.audit.verify;

import io.custos.api.KeyReference;
import io.custos.spi.AuditEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The canonical serialisation of one logged event: one line of JSON with a fixed field order, no
 * whitespace and UTF-8 text, specified in {@code docs/audit.md}. The Merkle leaf of an event is
 * {@code SHA-256(0x00 || line)} over exactly these bytes (without the line feed).
 *
 * <pre>{"seq":0,"prev":"00…00","time":"2026-11-30T01:15:53.123456Z","zone":"Europe/Berlin","actor":"alice",
 * "category":"DATA_ACCESS","action":"decrypt","outcome":"SUCCESS","tenant":"t1","target":"PATIENT.NAME",
 * "row":"42","key":{"id":7,"version":3},"purpose":"treatment","details":{"level":"CRITICAL"}}</pre>
 *
 * <h2>Security guarantees</h2>
 * Parsing is strict: a line that is not exactly the canonical encoding of what it parses to is rejected,
 * so what an auditor reads is what was hashed.
 */
public final class CanonicalEvent {
    /** The {@code prev} of the first event: 32 zero bytes. */
    public static final byte[] NO_PREVIOUS = new byte[TreeHash.SIZE];

    private static final List<String> FIELDS = List.of("seq", "prev", "time", "zone", "actor", "category", "action",
            "outcome", "tenant", "target", "row", "key", "purpose", "details");
    private static final String DETAIL_KEY = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

    private CanonicalEvent() {
    }

    /** An event as it stands in the log: its position, the leaf hash of its predecessor, and the event. */
    public record Logged(long seq, byte[] prev, AuditEvent event) {
    }

    /** The instant as the log keeps it: truncated to microseconds (what SQL timestamps hold). */
    public static Instant normalise(Instant time) {
        return time.truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * Encodes an event at position {@code seq} after the event whose leaf hash is {@code prev}.
     *
     * @throws IllegalArgumentException if a detail key is not {@code [A-Za-z0-9][A-Za-z0-9._-]*} (at most 64
     *                                  characters) or a text holds an unpaired surrogate
     */
    public static String encode(long seq, byte[] prev, AuditEvent e) {
        if (seq < 0 || prev.length != TreeHash.SIZE) {
            throw new IllegalArgumentException("invalid position or previous hash");
        }
        StringBuilder out = new StringBuilder(256);
        out.append("{\"seq\":").append(seq);
        out.append(",\"prev\":\"").append(TreeHash.hex(prev)).append('"');
        out.append(",\"time\":\"");
        time(out, normalise(e.time()));
        out.append('"');
        out.append(",\"zone\":");
        Json.quote(out, e.zone().getId());
        out.append(",\"actor\":");
        Json.quote(out, e.actor());
        out.append(",\"category\":\"").append(e.category().name()).append('"');
        out.append(",\"action\":");
        Json.quote(out, e.action());
        out.append(",\"outcome\":\"").append(e.outcome().name()).append('"');
        out.append(",\"tenant\":");
        Json.quote(out, e.tenant());
        out.append(",\"target\":");
        Json.quote(out, e.target());
        out.append(",\"row\":");
        Json.quote(out, e.rowId());
        out.append(",\"key\":");
        if (e.key() == null) {
            out.append("null");
        } else {
            out.append("{\"id\":").append(e.key().keyId()).append(",\"version\":").append(e.key().version()).append('}');
        }
        out.append(",\"purpose\":");
        Json.quote(out, e.purpose());
        out.append(",\"details\":{");
        boolean first = true;
        for (Map.Entry<String, String> d : new TreeMap<>(e.details()).entrySet()) {
            checkDetailKey(d.getKey());
            if (!first) {
                out.append(',');
            }
            first = false;
            Json.quote(out, d.getKey());
            out.append(':');
            Json.quote(out, d.getValue());
        }
        out.append("}}");
        return out.toString();
    }

    /**
     * Checks what {@link #encode} would reject, without encoding: detail keys and unpaired surrogates.
     *
     * @throws IllegalArgumentException if the event cannot be encoded
     */
    public static void validate(AuditEvent e) {
        for (Map.Entry<String, String> d : e.details().entrySet()) {
            checkDetailKey(d.getKey());
            checkText(d.getValue());
        }
        checkText(e.actor());
        checkText(e.action());
        checkText(e.tenant());
        checkText(e.target());
        checkText(e.rowId());
        checkText(e.purpose());
        int year = e.time().atOffset(ZoneOffset.UTC).getYear();
        if (year < 0 || year > 9999) {
            throw new IllegalArgumentException("audit event time is outside years 0000..9999");
        }
    }

    /** {@code [A-Za-z0-9][A-Za-z0-9._-]{0,63}}, checked by hand: a regex per key costs more than hashing the event. */
    private static void checkDetailKey(String k) {
        boolean ok = !k.isEmpty() && k.length() <= 64;
        for (int i = 0; ok && i < k.length(); i++) {
            char c = k.charAt(i);
            boolean alnum = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
            ok = alnum || i > 0 && (c == '.' || c == '_' || c == '-');
        }
        if (!ok) {
            throw new IllegalArgumentException("audit detail key must match " + DETAIL_KEY);
        }
    }

    private static void checkText(String s) {
        if (s == null) {
            return;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("lone surrogate in text");
            }
        }
    }

    /** {@code uuuu-MM-ddTHH:mm:ss.SSSSSSZ}, written by hand: the formatter costs more than the rest of the line. */
    private static void time(StringBuilder out, Instant t) {
        java.time.LocalDateTime d = java.time.LocalDateTime.ofEpochSecond(t.getEpochSecond(), t.getNano(), ZoneOffset.UTC);
        int year = d.getYear();
        if (year < 0 || year > 9999) {
            throw new IllegalArgumentException("audit event time is outside years 0000..9999");
        }
        pad(out, year, 4).append('-');
        pad(out, d.getMonthValue(), 2).append('-');
        pad(out, d.getDayOfMonth(), 2).append('T');
        pad(out, d.getHour(), 2).append(':');
        pad(out, d.getMinute(), 2).append(':');
        pad(out, d.getSecond(), 2).append('.');
        pad(out, t.getNano() / 1000, 6).append('Z');
    }

    private static StringBuilder pad(StringBuilder out, int value, int width) {
        String v = Integer.toString(value);
        for (int i = v.length(); i < width; i++) {
            out.append('0');
        }
        return out.append(v);
    }

    /** UTF-8 bytes of {@link #encode(long, byte[], AuditEvent)}. */
    public static byte[] encodeBytes(long seq, byte[] prev, AuditEvent e) {
        return encode(seq, prev, e).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Parses a canonical line.
     *
     * @throws IllegalArgumentException if the line is malformed or not in canonical form; the message names
     *                                  the problem, never a field's value
     */
    @SuppressWarnings("unchecked")
    public static Logged parse(String line) {
        Map<String, Object> m = Json.parseObject(line);
        if (!List.copyOf(m.keySet()).equals(FIELDS)) {
            throw new IllegalArgumentException("fields are not the canonical set in canonical order");
        }
        long seq = Json.num(m, "seq");
        byte[] prev = TreeHash.unhex(Json.str(m, "prev"));
        Instant time;
        ZoneId zone;
        AuditEvent.Category category;
        AuditEvent.Outcome outcome;
        try {
            time = Instant.parse(Json.str(m, "time"));
            zone = ZoneId.of(Json.str(m, "zone"));
            category = AuditEvent.Category.valueOf(Json.str(m, "category"));
            outcome = AuditEvent.Outcome.valueOf(Json.str(m, "outcome"));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("time, zone, category or outcome is invalid");
        }
        KeyReference key = null;
        Object k = m.get("key");
        if (k != null) {
            if (!(k instanceof Map)) {
                throw new IllegalArgumentException("key is not an object");
            }
            Map<String, Object> km = (Map<String, Object>) k;
            if (!List.copyOf(km.keySet()).equals(List.of("id", "version"))) {
                throw new IllegalArgumentException("key fields are not id, version");
            }
            key = new KeyReference(Json.num(km, "id"), Json.num(km, "version"));
        }
        Object d = m.get("details");
        if (!(d instanceof Map)) {
            throw new IllegalArgumentException("details is not an object");
        }
        Map<String, String> details = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : ((Map<String, Object>) d).entrySet()) {
            if (!(entry.getValue() instanceof String s)) {
                throw new IllegalArgumentException("detail values must be strings");
            }
            details.put(entry.getKey(), s);
        }
        AuditEvent event = new AuditEvent(time, zone, Json.str(m, "actor"), category, Json.str(m, "action"), outcome,
                optional(m, "tenant"), optional(m, "target"), optional(m, "row"), key, optional(m, "purpose"), details);
        Logged logged = new Logged(seq, prev, event);
        if (!encode(seq, prev, event).equals(line)) {
            throw new IllegalArgumentException("line is not in canonical form");
        }
        return logged;
    }

    private static String optional(Map<String, Object> m, String key) {
        Object v = m.get(key);
        if (v != null && !(v instanceof String)) {
            throw new IllegalArgumentException("field " + key + " is not a string");
        }
        return (String) v;
    }
}
