package io.custos.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.custos.api.MaskStyle;
import org.junit.jupiter.api.Test;

class MaskingTest {
    @Test
    void last4_serialNumber_keepsLastFour() {
        assertThat(Masking.last4("SN-2024-000123")).isEqualTo("****0123");
        assertThat(Masking.last4("1234")).isEqualTo("****");
        assertThat(Masking.last4("")).isEqualTo("****");
    }

    @Test
    void initials_name_keepsInitials() {
        assertThat(Masking.initials("Li Wei")).isEqualTo("L. W.");
        assertThat(Masking.initials("jean-paul  sartre")).isEqualTo("J. P. S.");
        assertThat(Masking.initials("张伟")).isEqualTo("张.");
        assertThat(Masking.initials("   ")).isEqualTo("****");
    }

    @Test
    void year_birthDate_keepsYear() {
        assertThat(Masking.year("1961-04-02")).isEqualTo("1961");
        assertThat(Masking.year("1961-04-02T10:15:30Z")).isEqualTo("1961");
        assertThat(Masking.year("1961")).isEqualTo("1961");
        assertThat(Masking.year("02/04/1961")).isEqualTo("****");
        assertThat(Masking.year("19610402")).isEqualTo("****");
    }

    @Test
    void email_address_keepsFirstLetterAndDomain() {
        assertThat(Masking.email("Li.Wei@Example.COM")).isEqualTo("L****@example.com");
        assertThat(Masking.email("not-an-address")).isEqualTo("****");
        assertThat(Masking.email("@example.com")).isEqualTo("****");
    }

    @Test
    void apply_isPureAndDeterministic_andHidesLength() {
        for (MaskStyle style : MaskStyle.values()) {
            assertThat(Masking.apply(style, "Zhang Wei")).isEqualTo(Masking.apply(style, "Zhang Wei"));
            assertThat(Masking.apply(style, null)).isNull();
        }
        assertThat(Masking.apply(MaskStyle.REDACT, "a")).isEqualTo(Masking.apply(MaskStyle.REDACT, "a much longer secret"));
        assertThat(Masking.apply(MaskStyle.INHERIT, "x")).isEqualTo("****");
    }
}
