package io.custos.rotation;

import io.custos.api.error.ErrorCode;
import io.custos.jpa.ProtectedColumn;
import io.custos.jpa.ProtectionRuntime;
import io.custos.spi.AuditSink;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;

/**
 * What the batch artifacts of {@code custos-reencrypt} work with in one application: the database of its
 * entities (which also holds the control tables), its protected columns, the tenant bound into their
 * ciphertexts, and the job's tuning. The application registers it under a name before its
 * {@link RotationWorker} starts jobs; the artifacts find it by the name passed as a job parameter.
 *
 * <p>This registry is the one static lookup in Custos, and deliberately so: Jakarta Batch instantiates the
 * artifacts itself (through CDI on Payara, by class name elsewhere), and the same artifacts must run on JBatch
 * and JBeret with or without CDI. The registry holds references to services, never keys or values.
 *
 * <h2>Security guarantees</h2>
 * {@link #toString()} names the environment, the instance and the column count only.
 */
public final class RotationEnvironment {
    private static final Map<String, RotationEnvironment> REGISTRY = new ConcurrentHashMap<>();

    private final String name;
    private final DataSource dataSource;
    private final List<ProtectedColumn> columns;
    private final String tenant;
    private final String instanceId;
    private final Duration lease;
    private final int partitionsPerTable;
    private final int threads;
    private final int chunkSize;
    private final boolean containerTransactions;
    private final AuditSink audit;
    private final Clock clock;

    private RotationEnvironment(Builder b) {
        this.name = b.name;
        this.dataSource = b.dataSource;
        this.columns = List.copyOf(b.columns);
        this.tenant = b.tenant;
        this.instanceId = b.instanceId;
        this.lease = b.lease;
        this.partitionsPerTable = b.partitionsPerTable;
        this.threads = b.threads;
        this.chunkSize = b.chunkSize;
        this.containerTransactions = b.containerTransactions;
        this.audit = b.audit;
        this.clock = b.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Registers {@code env} under its name, replacing any earlier one of that name. */
    public static void register(RotationEnvironment env) {
        REGISTRY.put(env.name, env);
    }

    /** Removes the environment of that name, if it is {@code env}. */
    public static void unregister(RotationEnvironment env) {
        REGISTRY.remove(env.name, env);
    }

    /**
     * The environment registered under {@code name}.
     *
     * @throws RotationJobException CUSTOS-8010 if none is
     */
    public static RotationEnvironment lookup(String name) throws RotationJobException {
        RotationEnvironment env = name == null ? null : REGISTRY.get(name);
        if (env == null) {
            throw new RotationJobException(ErrorCode.ROTATION_ENVIRONMENT_MISSING, name);
        }
        return env;
    }

    public String name() {
        return name;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public List<ProtectedColumn> columns() {
        return columns;
    }

    public String tenant() {
        return tenant;
    }

    /** This instance's name in leases ({@code owner}). */
    public String instanceId() {
        return instanceId;
    }

    public Duration lease() {
        return lease;
    }

    public int partitionsPerTable() {
        return partitionsPerTable;
    }

    public int threads() {
        return threads;
    }

    public int chunkSize() {
        return chunkSize;
    }

    /**
     * Whether the batch runtime's chunk transaction (JTA, on an application server with a transactional data
     * source) commits the writer's updates; otherwise the writer commits its own local transaction.
     */
    public boolean containerTransactions() {
        return containerTransactions;
    }

    /** Where job executions are audited, or {@code null}. */
    public AuditSink audit() {
        return audit;
    }

    public Clock clock() {
        return clock;
    }

    @Override
    public String toString() {
        return "RotationEnvironment[" + name + ", instance " + instanceId + ", " + columns.size() + " columns]";
    }

    /** Builds an environment; name, data source and columns (or a runtime) are required. */
    public static final class Builder {
        private String name = "default";
        private DataSource dataSource;
        private List<ProtectedColumn> columns;
        private String tenant;
        private String instanceId = ManagementFactory.getRuntimeMXBean().getName();
        private Duration lease = Duration.ofSeconds(60);
        private int partitionsPerTable = 4;
        private int threads = 2;
        private int chunkSize = 200;
        private boolean containerTransactions;
        private AuditSink audit;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        public Builder name(String value) {
            this.name = requireText(value, "name");
            return this;
        }

        /** The database of the entities; the control tables live there too (the shared database). */
        public Builder dataSource(DataSource value) {
            this.dataSource = Objects.requireNonNull(value, "dataSource");
            return this;
        }

        /** The protected columns and tenant of a persistence unit. */
        public Builder runtime(ProtectionRuntime value) {
            this.columns = value.columns();
            if (tenant == null) {
                this.tenant = value.tenant();
            }
            return this;
        }

        public Builder columns(List<ProtectedColumn> value) {
            this.columns = List.copyOf(value);
            return this;
        }

        /** The tenant bound into the ciphertexts (default: the runtime's). */
        public Builder tenant(String value) {
            this.tenant = requireText(value, "tenant");
            return this;
        }

        /** This instance's unique name (default: the JVM's pid@host). */
        public Builder instanceId(String value) {
            this.instanceId = requireText(value, "instanceId");
            return this;
        }

        /** How long a claim lasts without renewal; another instance takes a job whose lease expired. */
        public Builder lease(Duration value) {
            if (value.compareTo(Duration.ofMillis(500)) < 0) {
                throw new IllegalArgumentException("lease below 500 ms");
            }
            this.lease = value;
            return this;
        }

        public Builder partitionsPerTable(int value) {
            this.partitionsPerTable = positive(value, "partitionsPerTable");
            return this;
        }

        public Builder threads(int value) {
            this.threads = positive(value, "threads");
            return this;
        }

        /** Rows per chunk (one transaction, one checkpoint). */
        public Builder chunkSize(int value) {
            this.chunkSize = positive(value, "chunkSize");
            return this;
        }

        public Builder containerTransactions(boolean value) {
            this.containerTransactions = value;
            return this;
        }

        public Builder audit(AuditSink value) {
            this.audit = value;
            return this;
        }

        public Builder clock(Clock value) {
            this.clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        public RotationEnvironment build() {
            Objects.requireNonNull(dataSource, "dataSource");
            Objects.requireNonNull(columns, "columns (or runtime)");
            if (tenant == null) {
                tenant = columns.isEmpty() ? "default" : columns.get(0).defaultTenant();
            }
            return new RotationEnvironment(this);
        }

        private static String requireText(String value, String what) {
            if (value == null || value.isBlank() || value.length() > 128
                    || value.chars().anyMatch(Character::isISOControl)) {
                throw new IllegalArgumentException(what + " must have 1..128 printable characters");
            }
            return value;
        }

        private static int positive(int value, String what) {
            if (value < 1) {
                throw new IllegalArgumentException(what + " must be at least 1");
            }
            return value;
        }
    }
}
