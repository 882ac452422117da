package io.custos.audit.alert;

import io.custos.api.error.ConfigurationException;
import io.custos.api.error.ErrorCode;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The alert rules, read from MicroProfile Config names (defaults in brackets):
 * <ul>
 *   <li>{@code custos.alert.restricted-reads.enabled} [true], {@code .threshold} [50],
 *       {@code .window-minutes} [10], {@code .levels} [RESTRICTED,CRITICAL],
 *       {@code .actions} [decrypt,read,unmask,export]: more than <i>threshold</i> successful reads of
 *       fields at those levels (detail {@code level}) by one actor within the window</li>
 *   <li>{@code custos.alert.denials.enabled} [true], {@code .threshold} [5], {@code .window-minutes} [5]:
 *       more than <i>threshold</i> DENIED events (or FAILED authentication) for one actor in the window</li>
 *   <li>{@code custos.alert.key-events.enabled} [true], {@code .actions}
 *       [destroy,shred,compromise,mark-compromised]: any KEY event with one of these actions</li>
 *   <li>{@code custos.alert.verification.enabled} [true]: an AUDIT {@code verify} event that FAILED</li>
 *   <li>{@code custos.alert.sinks} [log]: {@code log}, {@code webhook} or both;
 *       {@code custos.alert.webhook.url}, {@code custos.alert.webhook.timeout-ms} [5000],
 *       {@code custos.alert.webhook.secret} (optional HMAC key: {@code env:NAME} or {@code file:/path})</li>
 * </ul>
 *
 * <h2>Security guarantees</h2>
 * The webhook secret is not part of these settings; it is read as a reference ({@code env:}, {@code file:})
 * and held only by {@link WebhookAlertSink}.
 */
public record AlertSettings(boolean restrictedReads, int readThreshold, Duration readWindow, Set<String> readLevels,
                            Set<String> readActions, boolean denials, int denialThreshold, Duration denialWindow,
                            boolean keyEvents, Set<String> keyActions, boolean verification) {
    static final String OWNER = "custos-alert";

    public AlertSettings {
        if (readThreshold < 0 || denialThreshold < 0 || readWindow.isNegative() || readWindow.isZero()
                || denialWindow.isNegative() || denialWindow.isZero()) {
            throw new IllegalArgumentException(ErrorCode.CONFIG_INVALID.format("custos.alert.*", OWNER,
                    "thresholds must not be negative and windows must be positive"));
        }
        readLevels = Set.copyOf(readLevels);
        readActions = Set.copyOf(readActions);
        keyActions = Set.copyOf(keyActions);
    }

    /** Reads the settings; absent keys keep their defaults. @throws ConfigurationException on a bad value */
    public static AlertSettings fromProperties(Map<String, String> p) throws ConfigurationException {
        try {
            return new AlertSettings(
                    bool(p, "custos.alert.restricted-reads.enabled"),
                    integer(p, "custos.alert.restricted-reads.threshold", 50),
                    Duration.ofMinutes(integer(p, "custos.alert.restricted-reads.window-minutes", 10)),
                    set(p, "custos.alert.restricted-reads.levels", "RESTRICTED,CRITICAL", true),
                    set(p, "custos.alert.restricted-reads.actions", "decrypt,read,unmask,export", false),
                    bool(p, "custos.alert.denials.enabled"),
                    integer(p, "custos.alert.denials.threshold", 5),
                    Duration.ofMinutes(integer(p, "custos.alert.denials.window-minutes", 5)),
                    bool(p, "custos.alert.key-events.enabled"),
                    set(p, "custos.alert.key-events.actions", "destroy,shred,compromise,mark-compromised", false),
                    bool(p, "custos.alert.verification.enabled"));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "custos.alert.*", OWNER, e.getMessage());
        }
    }

    public static AlertSettings defaults() {
        try {
            return fromProperties(Map.of());
        } catch (ConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean bool(Map<String, String> p, String key) {
        String v = p.get(key);
        return v == null || v.isBlank() || Boolean.parseBoolean(v.trim());
    }

    private static int integer(Map<String, String> p, String key, int def) {
        String v = p.get(key);
        if (v == null || v.isBlank()) {
            return def;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " is not an integer");
        }
    }

    private static Set<String> set(Map<String, String> p, String key, String def, boolean upper) {
        String v = p.getOrDefault(key, def);
        List<String> items = Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        return items.stream().map(s -> upper ? s.toUpperCase(Locale.ROOT) : s.toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
    }
}
