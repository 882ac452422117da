package io.custos.admin.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.custos.api.error.AuditUnavailableException;
import io.custos.api.error.CryptoException;
import io.custos.api.error.ErrorCode;
import io.custos.api.error.KeyNotFoundException;
import io.custos.kms.BackupException;
import io.custos.kms.ConcurrentKeyUpdateException;
import io.custos.kms.DutyViolationException;
import io.custos.kms.IllegalKeyTransitionException;
import io.custos.kms.KeyStoreFailureException;
import io.custos.kms.KmsRequestException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

class ProblemsTest {

    @Test
    void status_followsTheKindOfFailure() {
        assertThat(Problems.status(new DutyViolationException(ErrorCode.KMS_ROLE_REQUIRED, "a", "b", "c"))).isEqualTo(403);
        assertThat(Problems.status(new DutyViolationException(ErrorCode.KMS_DUTY_CONFLICT, "a", "b", "c"))).isEqualTo(403);
        assertThat(Problems.status(new KeyNotFoundException(ErrorCode.KEY_NOT_FOUND, "key 9"))).isEqualTo(404);
        assertThat(Problems.status(new KmsRequestException(ErrorCode.KMS_REQUEST_NOT_FOUND, "destruction", 5))).isEqualTo(404);
        assertThat(Problems.status(new KmsRequestException(ErrorCode.KMS_OUT_OF_BOUNDS, "x", 1, 2, 3))).isEqualTo(400);
        assertThat(Problems.status(new KmsRequestException(ErrorCode.KMS_REQUEST_STATE, "d", 1, "p", "q"))).isEqualTo(409);
        assertThat(Problems.status(new KmsRequestException(ErrorCode.KMS_QUORUM_NOT_MET, "d", 2, "o", 1))).isEqualTo(409);
        assertThat(Problems.status(new ConcurrentKeyUpdateException(ErrorCode.KMS_CONCURRENT_UPDATE, "k", "r"))).isEqualTo(409);
        assertThat(Problems.status(new IllegalKeyTransitionException(ErrorCode.KMS_ILLEGAL_TRANSITION, "k", "a", "b"))).isEqualTo(409);
        assertThat(Problems.status(new BackupException(ErrorCode.KMS_BACKUP_INVALID, "b", "why"))).isEqualTo(400);
        assertThat(Problems.status(new BackupException(ErrorCode.KMS_RESTORE_TARGET_NOT_EMPTY, 3))).isEqualTo(409);
        assertThat(Problems.status(new KeyStoreFailureException("rotate", "08001"))).isEqualTo(503);
        assertThat(Problems.status(new AuditUnavailableException(ErrorCode.AUDIT_UNAVAILABLE, "down"))).isEqualTo(503);
        assertThat(Problems.status(new CryptoException(ErrorCode.ADMIN_JOBS_UNAVAILABLE, "none"))).isEqualTo(503);
        assertThat(Problems.status(new CryptoException(ErrorCode.ADMIN_POLICY_CHANGED, 1, 2))).isEqualTo(409);
        assertThat(Problems.status(new CryptoException(ErrorCode.ADMIN_BAD_REQUEST, "GET", "/x", "y"))).isEqualTo(400);
    }

    @Test
    void json_isAnRfc9457ProblemWithTheNumberedMessage() {
        String detail = ErrorCode.KMS_DUTY_CONFLICT.format("carol", "requested destruction 4", "approve it");
        JsonObject p = Json.createReader(new StringReader(
                Problems.json(403, ErrorCode.KMS_DUTY_CONFLICT, detail, "/custos-admin-rest/api/destructions/4/approve")))
                .readObject();
        assertThat(p.getString("type")).isEqualTo("urn:custos:error:3106");
        assertThat(p.getString("title")).isEqualTo("Forbidden");
        assertThat(p.getInt("status")).isEqualTo(403);
        assertThat(p.getString("detail")).startsWith("CUSTOS-3106 carol requested destruction 4");
        assertThat(p.getString("code")).isEqualTo("CUSTOS-3106");
        assertThat(p.getString("instance")).endsWith("/approve");
    }

    @Test
    void json_escapesWhatCouldBreakTheDocument() {
        JsonObject p = Json.createReader(new StringReader(
                Problems.json(400, ErrorCode.ADMIN_BAD_REQUEST, "a \"quoted\"\nline", null))).readObject();
        assertThat(p.getString("detail")).isEqualTo("a \"quoted\"\nline");
        assertThat(p.containsKey("instance")).isFalse();
    }
}
