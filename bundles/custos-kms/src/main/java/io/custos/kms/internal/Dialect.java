package io.custos.kms.internal;

import io.custos.api.error.ConfigurationException;
import io.custos.api.error.ErrorCode;

/** The few statements that differ between the supported databases. */
enum Dialect {
    H2("h2"),
    POSTGRESQL("postgresql");

    private final String folder;

    Dialect(String folder) {
        this.folder = folder;
    }

    static Dialect of(String productName) throws ConfigurationException {
        String p = productName == null ? "" : productName.toLowerCase(java.util.Locale.ROOT);
        if (p.contains("h2")) {
            return H2;
        }
        if (p.contains("postgres")) {
            return POSTGRESQL;
        }
        throw new ConfigurationException(ErrorCode.CONFIG_INVALID, "dataSource", "custos-kms",
                "unsupported database " + productName + " (supported: H2, PostgreSQL)");
    }

    String migration(int version) {
        return "/io/custos/kms/internal/db/" + folder + "/V" + version + "__key_store.sql";
    }

    String nextValue(String sequence) {
        return this == H2 ? "SELECT NEXT VALUE FOR " + sequence : "SELECT nextval('" + sequence + "')";
    }

    /** Serialises concurrent migrations from several instances (PostgreSQL DDL is transactional). */
    String migrationLock() {
        return this == POSTGRESQL ? "SELECT pg_advisory_xact_lock(7243501)" : null;
    }

    String restartSequence(String sequence, long next) {
        return "ALTER SEQUENCE " + sequence + " RESTART WITH " + next;
    }
}
