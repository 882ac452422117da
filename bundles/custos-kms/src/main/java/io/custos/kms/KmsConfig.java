package io.custos.kms;

import io.custos.api.DataClass;
import io.custos.api.error.ConfigurationException;
import io.custos.api.error.ErrorCode;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Settings of a KMS instance. Every setter validates at once; {@link Builder#build()} checks the whole.
 *
 * <h2>Security guarantees</h2>
 * Holds no secret; safe to log.
 */
public final class KmsConfig {
    private static final Pattern SCHEMA = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final String schema;
    private final Duration cacheTtl;
    private final long cacheMaxUses;
    private final Duration revocationPollInterval;
    private final Map<DataClass, Duration> cryptoperiods;
    private final Duration defaultWaitingPeriod;
    private final Duration minWaitingPeriod;
    private final Duration maxWaitingPeriod;
    private final int destructionApprovals;
    private final int restoreApprovals;
    private final Duration maxGrantLifetime;
    private final long budgetChunk;
    private final long maxEncryptionsPerVersion;
    private final boolean autoCreateKeys;
    private final String servicePrincipal;
    private final Clock clock;

    private KmsConfig(Builder b) {
        this.schema = b.schema;
        this.cacheTtl = b.cacheTtl;
        this.cacheMaxUses = b.cacheMaxUses;
        this.revocationPollInterval = b.revocationPollInterval;
        this.cryptoperiods = Map.copyOf(b.cryptoperiods);
        this.defaultWaitingPeriod = b.defaultWaitingPeriod;
        this.minWaitingPeriod = b.minWaitingPeriod;
        this.maxWaitingPeriod = b.maxWaitingPeriod;
        this.destructionApprovals = b.destructionApprovals;
        this.restoreApprovals = b.restoreApprovals;
        this.maxGrantLifetime = b.maxGrantLifetime;
        this.budgetChunk = b.budgetChunk;
        this.maxEncryptionsPerVersion = b.maxEncryptionsPerVersion;
        this.autoCreateKeys = b.autoCreateKeys;
        this.servicePrincipal = b.servicePrincipal;
        this.clock = b.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static KmsConfig defaults() {
        return builder().build();
    }

    /** The property prefix of {@link #fromProperties(Map)}. */
    public static final String PREFIX = "custos.kms.";

    /**
     * Reads the settings from configuration properties (MicroProfile Config, a properties file), each
     * optional: {@code custos.kms.schema}, {@code cache-ttl}, {@code cache-max-uses},
     * {@code revocation-poll-interval}, {@code cryptoperiod.<DATA_CLASS>}, {@code waiting-period},
     * {@code waiting-period-min}, {@code waiting-period-max}, {@code destruction-approvals},
     * {@code restore-approvals}, {@code max-grant-lifetime}, {@code budget-chunk},
     * {@code auto-create-keys}, {@code service-principal}. Durations are ISO-8601 ({@code PT5M},
     * {@code P30D}). Unknown {@code custos.kms.*} names are refused, so a typo does not pass silently.
     *
     * @throws ConfigurationException CUSTOS-1002 naming the property if a value is invalid or unknown
     */
    public static KmsConfig fromProperties(Map<String, String> properties) throws ConfigurationException {
        Builder b = builder();
        Duration waiting = b.defaultWaitingPeriod;
        Duration min = b.minWaitingPeriod;
        Duration max = b.maxWaitingPeriod;
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(properties).entrySet()) {
            if (!e.getKey().startsWith(PREFIX)) {
                continue;
            }
            String name = e.getKey().substring(PREFIX.length());
            String v = e.getValue() == null ? "" : e.getValue().trim();
            try {
                switch (name) {
                    case "schema" -> b.schema(v.isEmpty() ? null : v);
                    case "cache-ttl" -> b.cacheTtl(Duration.parse(v));
                    case "cache-max-uses" -> b.cacheMaxUses(Long.parseLong(v));
                    case "revocation-poll-interval" -> b.revocationPollInterval(Duration.parse(v));
                    case "waiting-period" -> waiting = Duration.parse(v);
                    case "waiting-period-min" -> min = Duration.parse(v);
                    case "waiting-period-max" -> max = Duration.parse(v);
                    case "destruction-approvals" -> b.destructionApprovals(Integer.parseInt(v));
                    case "restore-approvals" -> b.restoreApprovals(Integer.parseInt(v));
                    case "max-grant-lifetime" -> b.maxGrantLifetime(Duration.parse(v));
                    case "budget-chunk" -> b.budgetChunk(Long.parseLong(v));
                    case "auto-create-keys" -> b.autoCreateKeys(parseBoolean(v));
                    case "service-principal" -> b.servicePrincipal(v);
                    default -> {
                        if (!name.startsWith("cryptoperiod.")) {
                            throw new IllegalArgumentException("unknown property");
                        }
                        b.cryptoperiod(DataClass.valueOf(name.substring("cryptoperiod.".length())), Duration.parse(v));
                    }
                }
            } catch (RuntimeException ex) {
                throw new ConfigurationException(ErrorCode.CONFIG_INVALID, e.getKey(), "custos-kms",
                        ex instanceof java.time.format.DateTimeParseException ? "not an ISO-8601 duration"
                                : ex instanceof NumberFormatException ? "not a number"
                                : ex.getMessage() == null ? "invalid" : ex.getMessage());
            }
        }
        try {
            b.waitingPeriod(waiting, min, max);
        } catch (RuntimeException ex) {
            throw new ConfigurationException(ErrorCode.CONFIG_INVALID, PREFIX + "waiting-period", "custos-kms",
                    ex.getMessage());
        }
        return b.build();
    }

    private static boolean parseBoolean(String v) {
        if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
            throw new IllegalArgumentException("not true or false");
        }
        return Boolean.parseBoolean(v);
    }

    /** The database schema holding the KMS tables, or {@code null} for the connection's default. */
    public String schema() {
        return schema;
    }

    /** How long an unsealed key stays in this instance's memory. */
    public Duration cacheTtl() {
        return cacheTtl;
    }

    /** How many lookups a cached key serves before it is unsealed again. */
    public long cacheMaxUses() {
        return cacheMaxUses;
    }

    /** The bound on how late another instance's revocation takes effect here. */
    public Duration revocationPollInterval() {
        return revocationPollInterval;
    }

    /** How long a data-key version of {@code dataClass} encrypts before it is rotated automatically. */
    public Duration cryptoperiod(DataClass dataClass) {
        return cryptoperiods.get(dataClass);
    }

    public Duration defaultWaitingPeriod() {
        return defaultWaitingPeriod;
    }

    public Duration minWaitingPeriod() {
        return minWaitingPeriod;
    }

    public Duration maxWaitingPeriod() {
        return maxWaitingPeriod;
    }

    /** Approvals by distinct security officers that a destruction needs (the M of M-of-N). */
    public int destructionApprovals() {
        return destructionApprovals;
    }

    /** Approvals by distinct security officers that a restore needs, besides the share quorum. */
    public int restoreApprovals() {
        return restoreApprovals;
    }

    public Duration maxGrantLifetime() {
        return maxGrantLifetime;
    }

    /** Encryptions one instance reserves per key version at a time (the {@code DataKey} budget). */
    public long budgetChunk() {
        return budgetChunk;
    }

    /** Encryptions per key version across all instances before it is rotated (2^32 for AES-GCM). */
    public long maxEncryptionsPerVersion() {
        return maxEncryptionsPerVersion;
    }

    /** Whether the first encryption in a new scope creates its key. */
    public boolean autoCreateKeys() {
        return autoCreateKeys;
    }

    /** The principal named in audit events of the data path (the engine has no actor). */
    public String servicePrincipal() {
        return servicePrincipal;
    }

    public Clock clock() {
        return clock;
    }

    @Override
    public String toString() {
        return "KmsConfig[schema=" + schema + ", cacheTtl=" + cacheTtl + ", cacheMaxUses=" + cacheMaxUses
                + ", revocationPoll=" + revocationPollInterval + ", waiting=" + defaultWaitingPeriod + " ("
                + minWaitingPeriod + " .. " + maxWaitingPeriod + "), destructionApprovals=" + destructionApprovals
                + ", restoreApprovals=" + restoreApprovals + "]";
    }

    /** Builds a {@link KmsConfig}; the defaults are documented in {@code docs/keys.md}. */
    public static final class Builder {
        private String schema;
        private Duration cacheTtl = Duration.ofMinutes(5);
        private long cacheMaxUses = 10_000_000L;
        private Duration revocationPollInterval = Duration.ofSeconds(5);
        private final Map<DataClass, Duration> cryptoperiods = new EnumMap<>(DataClass.class);
        private Duration defaultWaitingPeriod = Duration.ofDays(30);
        private Duration minWaitingPeriod = Duration.ofDays(1);
        private Duration maxWaitingPeriod = Duration.ofDays(365);
        private int destructionApprovals = 2;
        private int restoreApprovals = 1;
        private Duration maxGrantLifetime = Duration.ofHours(24);
        private long budgetChunk = 1L << 16;
        private long maxEncryptionsPerVersion = 1L << 32;
        private boolean autoCreateKeys = true;
        private String servicePrincipal = "custos-engine";
        private Clock clock = Clock.systemUTC();

        private Builder() {
            for (DataClass c : DataClass.values()) {
                cryptoperiods.put(c, Duration.ofDays(365));
            }
            cryptoperiods.put(DataClass.PATIENT_CLINICAL, Duration.ofDays(180));
            cryptoperiods.put(DataClass.FORMULA, Duration.ofDays(180));
        }

        public Builder schema(String value) {
            if (value != null && !SCHEMA.matcher(value).matches()) {
                throw new IllegalArgumentException("schema must match " + SCHEMA);
            }
            this.schema = value;
            return this;
        }

        public Builder cacheTtl(Duration value) {
            this.cacheTtl = positive("cacheTtl", value);
            return this;
        }

        public Builder cacheMaxUses(long value) {
            this.cacheMaxUses = atLeastOne("cacheMaxUses", value);
            return this;
        }

        public Builder revocationPollInterval(Duration value) {
            this.revocationPollInterval = positive("revocationPollInterval", value);
            return this;
        }

        public Builder cryptoperiod(DataClass dataClass, Duration value) {
            cryptoperiods.put(Objects.requireNonNull(dataClass, "dataClass"), positive("cryptoperiod", value));
            return this;
        }

        public Builder waitingPeriod(Duration defaultValue, Duration min, Duration max) {
            Objects.requireNonNull(min, "min");
            if (min.isNegative() || positive("max", max).compareTo(min) < 0) {
                throw new IllegalArgumentException("waiting period bounds must satisfy 0 <= min <= max");
            }
            if (defaultValue.compareTo(min) < 0 || defaultValue.compareTo(max) > 0) {
                throw new IllegalArgumentException("default waiting period must lie within the bounds");
            }
            this.defaultWaitingPeriod = defaultValue;
            this.minWaitingPeriod = min;
            this.maxWaitingPeriod = max;
            return this;
        }

        public Builder destructionApprovals(int value) {
            this.destructionApprovals = (int) atLeastOne("destructionApprovals", value);
            return this;
        }

        public Builder restoreApprovals(int value) {
            this.restoreApprovals = (int) atLeastOne("restoreApprovals", value);
            return this;
        }

        public Builder maxGrantLifetime(Duration value) {
            this.maxGrantLifetime = positive("maxGrantLifetime", value);
            return this;
        }

        public Builder budgetChunk(long value) {
            this.budgetChunk = atLeastOne("budgetChunk", value);
            return this;
        }

        public Builder maxEncryptionsPerVersion(long value) {
            if (value < 1 || value > 1L << 32) {
                throw new IllegalArgumentException("maxEncryptionsPerVersion must be 1 .. 2^32");
            }
            this.maxEncryptionsPerVersion = value;
            return this;
        }

        public Builder autoCreateKeys(boolean value) {
            this.autoCreateKeys = value;
            return this;
        }

        public Builder servicePrincipal(String value) {
            this.servicePrincipal = new Actor(value, null).principal();
            return this;
        }

        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        public KmsConfig build() {
            if (budgetChunk > maxEncryptionsPerVersion) {
                budgetChunk = maxEncryptionsPerVersion;
            }
            return new KmsConfig(this);
        }

        private static Duration positive(String name, Duration value) {
            if (value == null || value.isNegative() || value.isZero()) {
                throw new IllegalArgumentException(name + " must be positive");
            }
            return value;
        }

        private static long atLeastOne(String name, long value) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be at least 1");
            }
            return value;
        }
    }
}
