package io.custos.api.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ErrorCodeTest {
    @Test
    void numbers_areUniqueAndInTheirRanges() {
        Set<Integer> seen = new HashSet<>();
        for (ErrorCode c : ErrorCode.values()) {
            assertThat(seen.add(c.number())).as("duplicate %s", c).isTrue();
            assertThat(c.number()).isBetween(1000, 9999);
        }
    }

    @Test
    void format_fillsPlaceholdersLiterally() {
        assertThat(ErrorCode.DECRYPTION_FAILED.format("PATIENT.NAME", "key 7 v3"))
                .isEqualTo("CUSTOS-2003 decryption failed for column PATIENT.NAME, key 7 v3");
        assertThat(ErrorCode.VALUE_TOO_LARGE.format("T.C", 1234567, 1000))
                .isEqualTo("CUSTOS-2005 value for column T.C has 1234567 bytes, above the limit of 1000");
        assertThat(ErrorCode.PROVIDER_NOT_FOUND.format("root-key provider", "x", "none"))
                .isEqualTo("CUSTOS-1003 no root-key provider with id 'x' is available (found: none)");
    }

    @Test
    void exception_carriesCodeAndMessage() {
        CryptoException e = new DecryptionFailedException(ErrorCode.DECRYPTION_FAILED, "A.B", "key 1 v1");
        assertThat(e.code()).isEqualTo(ErrorCode.DECRYPTION_FAILED);
        assertThat(e).hasMessageStartingWith("CUSTOS-2003").hasNoCause();
        assertThat(e).isInstanceOf(java.security.GeneralSecurityException.class);
    }
}
