package io.custos.audit.alert;

import io.custos.api.error.ConfigurationException;
import io.custos.api.error.ErrorCode;
import io.custos.audit.spi.AlertSink;
import io.custos.spi.AuditEvent;
import io.custos.spi.ProviderConfig;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * Watches the audit stream (register it with {@code AuditRecorder.addListener}) and raises alerts when a
 * rule of {@link AlertSettings} matches; delivers them to every sink off the recording thread.
 *
 * <h2>Security guarantees</h2>
 * Alerts are built from event ids, names and counts only. A sink that fails is logged (CUSTOS-5007) and
 * does not stop the others; an alert that cannot be queued is logged at SEVERE, never dropped silently.
 */
public final class AlertEngine implements Consumer<AuditEvent>, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(AlertEngine.class.getName());

    private final AlertSettings settings;
    private final List<AlertSink> sinks;
    private final Executor delivery;
    private final ExecutorService owned;
    private final Map<String, Deque<Instant>> reads = new HashMap<>();
    private final Map<String, Deque<Instant>> denials = new HashMap<>();
    private final Map<String, Instant> quietUntil = new HashMap<>();

    /**
     * @param delivery where sinks are called; {@code null} for a private daemon thread with a bounded queue
     */
    public AlertEngine(AlertSettings settings, List<AlertSink> sinks, Executor delivery) {
        this.settings = settings;
        this.sinks = List.copyOf(sinks);
        if (delivery == null) {
            ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(10_000),
                    r -> {
                        Thread t = new Thread(r, "custos-alert-delivery");
                        t.setDaemon(true);
                        return t;
                    });
            this.owned = pool;
            this.delivery = pool;
        } else {
            this.owned = null;
            this.delivery = delivery;
        }
    }

    /**
     * The engine configured by MicroProfile Config names: the rules of {@link AlertSettings} and the sinks
     * named in {@code custos.alert.sinks}, plus {@code extraSinks} (e.g. the CDI adapter).
     *
     * @throws ConfigurationException (CUSTOS-1001/1002) if a rule or sink setting is missing or invalid
     */
    public static AlertEngine fromProperties(Map<String, String> p, List<AlertSink> extraSinks) throws ConfigurationException {
        AlertSettings settings = AlertSettings.fromProperties(p);
        List<AlertSink> sinks = new ArrayList<>();
        for (String name : p.getOrDefault("custos.alert.sinks", "log").split(",")) {
            switch (name.trim().toLowerCase(Locale.ROOT)) {
                case "" -> { }
                case "log" -> sinks.add(new LogAlertSink());
                case "webhook" -> {
                    ProviderConfig c = ProviderConfig.of(AlertSettings.OWNER, p);
                    URI url;
                    try {
                        url = URI.create(c.require("custos.alert.webhook.url"));
                        sinks.add(new WebhookAlertSink(url,
                                Duration.ofMillis(c.getInt("custos.alert.webhook.timeout-ms", 5000)),
                                c.secretReference("custos.alert.webhook.secret").orElse(null)));
                    } catch (IllegalArgumentException e) {
                        throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "custos.alert.webhook.url",
                                AlertSettings.OWNER, "not an http(s) URL");
                    }
                }
                default -> throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "custos.alert.sinks",
                        AlertSettings.OWNER, "unknown sink " + name.trim() + " (log, webhook)");
            }
        }
        sinks.addAll(extraSinks);
        return new AlertEngine(settings, sinks, null);
    }

    @Override
    public void accept(AuditEvent e) {
        List<Alert> fired = new ArrayList<>(1);
        synchronized (this) {
            if (settings.restrictedReads() && isRestrictedRead(e)) {
                window("restricted-reads", reads, e, settings.readThreshold(), settings.readWindow(), Alert.Severity.WARNING,
                        "restricted reads", fired);
            }
            if (settings.denials() && isDenial(e)) {
                window("denials", denials, e, settings.denialThreshold(), settings.denialWindow(), Alert.Severity.WARNING,
                        "denied or failed attempts", fired);
            }
        }
        if (settings.keyEvents() && e.category() == AuditEvent.Category.KEY
                && settings.keyActions().contains(e.action().toLowerCase(Locale.ROOT))) {
            fired.add(new Alert("key-event", Alert.Severity.CRITICAL, e.time(), e.actor(),
                    "key operation '" + e.action() + "' on " + (e.key() != null ? e.key() : e.target()) + " by " + e.actor(),
                    keyDetails(e)));
        }
        if (settings.verification() && e.category() == AuditEvent.Category.AUDIT && e.action().equals("verify")
                && e.outcome() == AuditEvent.Outcome.FAILED) {
            fired.add(new Alert("verification-failed", Alert.Severity.CRITICAL, e.time(), e.actor(),
                    "audit log " + e.target() + " failed verification at position "
                            + e.details().getOrDefault("firstBadPosition", "?"), e.details()));
        }
        fired.forEach(this::deliver);
    }

    /** Raises an alert directly (e.g. from a verification run that could not be recorded). */
    public void raise(Alert alert) {
        deliver(alert);
    }

    private boolean isRestrictedRead(AuditEvent e) {
        String level = e.details().get("level");
        return e.category() == AuditEvent.Category.DATA_ACCESS && e.outcome() == AuditEvent.Outcome.SUCCESS
                && level != null && settings.readLevels().contains(level.toUpperCase(Locale.ROOT))
                && settings.readActions().contains(e.action().toLowerCase(Locale.ROOT));
    }

    private static boolean isDenial(AuditEvent e) {
        return e.outcome() == AuditEvent.Outcome.DENIED
                || (e.category() == AuditEvent.Category.AUTHENTICATION && e.outcome() == AuditEvent.Outcome.FAILED);
    }

    private void window(String rule, Map<String, Deque<Instant>> counters, AuditEvent e, int threshold, Duration window,
                        Alert.Severity severity, String what, List<Alert> fired) {
        Deque<Instant> times = counters.computeIfAbsent(e.actor(), k -> new ArrayDeque<>());
        Instant since = e.time().minus(window);
        while (!times.isEmpty() && times.peekFirst().isBefore(since)) {
            times.pollFirst();
        }
        times.addLast(e.time());
        String quietKey = rule + '\u0000' + e.actor();
        Instant quiet = quietUntil.get(quietKey);
        if (times.size() > threshold && (quiet == null || !e.time().isBefore(quiet))) {
            // One alert per actor and window: a flood does not become a flood of alerts.
            quietUntil.put(quietKey, e.time().plus(window));
            fired.add(new Alert(rule, severity, e.time(), e.actor(), times.size() + " " + what + " by " + e.actor()
                    + " within " + window.toMinutes() + " min (threshold " + threshold + ")",
                    Map.of("count", Integer.toString(times.size()), "threshold", Integer.toString(threshold),
                            "windowMinutes", Long.toString(window.toMinutes()))));
        }
    }

    private static Map<String, String> keyDetails(AuditEvent e) {
        Map<String, String> d = new HashMap<>();
        if (e.key() != null) {
            d.put("keyId", Long.toString(e.key().keyId()));
            d.put("keyVersion", Long.toString(e.key().version()));
        }
        if (e.target() != null) {
            d.put("target", e.target());
        }
        d.put("outcome", e.outcome().name());
        return d;
    }

    private void deliver(Alert alert) {
        try {
            delivery.execute(() -> {
                for (AlertSink sink : sinks) {
                    try {
                        sink.publish(alert);
                    } catch (IOException | RuntimeException ex) {
                        LOG.warning(ErrorCode.AUDIT_ALERT_DELIVERY.format(alert.rule(), sink.id(), ex.getClass().getSimpleName()
                                + (ex instanceof IOException ? ": " + ex.getMessage() : "")));
                    }
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException ex) {
            LOG.severe(ErrorCode.AUDIT_ALERT_DELIVERY.format(alert.rule(), "all", "delivery queue full") + " " + alert.toJson());
        }
    }

    @Override
    public void close() {
        if (owned != null) {
            owned.shutdown();
        }
    }
}
