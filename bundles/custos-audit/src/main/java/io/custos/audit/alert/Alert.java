package io.custos.audit.alert;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One alert.
 *
 * @param rule     the rule that fired: {@code restricted-reads}, {@code denials}, {@code key-event},
 *                 {@code verification-failed}
 * @param severity how urgent
 * @param time     when the triggering event happened
 * @param actor    who caused it ({@code system} for verification)
 * @param summary  one line for people, ids and counts only
 * @param details  further ids and counts
 *
 * <h2>Security guarantees</h2>
 * Built by the engine from event ids, names and counts only; safe to send outside the data domain.
 */
public record Alert(String rule, Severity severity, Instant time, String actor, String summary,
                    Map<String, String> details) {
    public enum Severity { WARNING, CRITICAL }

    public Alert {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(summary, "summary");
        details = details == null ? Map.of() : Map.copyOf(details);
    }

    /** A JSON object, keys in a fixed order and details sorted, for webhooks. */
    public String toJson() {
        StringBuilder out = new StringBuilder(256);
        out.append("{\"rule\":");
        quote(out, rule);
        out.append(",\"severity\":\"").append(severity).append("\",\"time\":\"").append(time).append("\",\"actor\":");
        quote(out, actor);
        out.append(",\"summary\":");
        quote(out, summary);
        out.append(",\"details\":{");
        boolean first = true;
        for (Map.Entry<String, String> e : new TreeMap<>(details).entrySet()) {
            out.append(first ? "" : ",");
            first = false;
            quote(out, e.getKey());
            out.append(':');
            quote(out, e.getValue());
        }
        return out.append("}}").toString();
    }

    private static void quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        out.append('"');
    }
}
