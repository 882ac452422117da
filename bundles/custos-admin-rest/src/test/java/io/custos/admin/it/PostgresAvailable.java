package io.custos.admin.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class only when PostgreSQL answers on 127.0.0.1:5432 (database {@code test}); otherwise the class is
 * skipped with the reason. Under {@code CI=true} it always runs, so a missing PostgreSQL fails it.
 */
final class PostgresAvailable implements ExecutionCondition {
    static final String URL = "jdbc:postgresql://127.0.0.1:5432/test";

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if ("true".equals(System.getenv("CI"))) {
            return ConditionEvaluationResult.enabled("CI=true: PostgreSQL is required");
        }
        try (Connection c = DriverManager.getConnection(URL, "postgres", "")) {
            return ConditionEvaluationResult.enabled("PostgreSQL answers at " + URL);
        } catch (SQLException e) {
            return ConditionEvaluationResult.disabled("PostgreSQL at 127.0.0.1:5432 (database test) is not reachable;"
                    + " skipped outside CI (" + e.getSQLState() + ")");
        }
    }
}
