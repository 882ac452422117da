package io.custos.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class ProtectionContextTest {
    private final ProtectionContext ctx = ProtectionContext.builder().tenant("acme").table("patient").column("name")
            .rowId("42").dataClass(DataClass.PATIENT_CLINICAL).subject("P-17").purpose("treatment").build();

    @Test
    void associatedData_isCanonicalAndUpperCasesNames() {
        assertThat(HexFormat.of().formatHex(ctx.associatedData(true)))
                .isEqualTo("435553544f532d43545801000461636d65000750415449454e5400044e414d450100023432");
        assertThat(HexFormat.of().formatHex(ctx.associatedData(false)))
                .isEqualTo("435553544f532d43545801000461636d65000750415449454e5400044e414d4500");
    }

    @Test
    void associatedData_ignoresClassSubjectAndPurpose() {
        ProtectionContext other = ctx.toBuilder().dataClass(DataClass.GENERAL).subject("P-99").purpose("billing").build();
        assertThat(other.associatedData(true)).isEqualTo(ctx.associatedData(true));
        assertThat(other.contextCheck(true)).isEqualTo(ctx.contextCheck(true));
        assertThat(other).isNotEqualTo(ctx);
    }

    @Test
    void associatedData_rowOrColumnChange_changesIt() {
        assertThat(ctx.withRowId("43").associatedData(true)).isNotEqualTo(ctx.associatedData(true));
        assertThat(ctx.withRowId("43").associatedData(false)).isEqualTo(ctx.associatedData(false));
        assertThat(ctx.toBuilder().column("address").build().associatedData(false)).isNotEqualTo(ctx.associatedData(false));
        // length prefixes keep ("ab","c") and ("a","bc") apart
        ProtectionContext a = ProtectionContext.of("t", "AB", "C");
        ProtectionContext b = ProtectionContext.of("t", "A", "BC");
        assertThat(a.associatedData(false)).isNotEqualTo(b.associatedData(false));
    }

    @Test
    void withRowId_matchesAFullyBuiltContext() {
        ProtectionContext column = ProtectionContext.builder().tenant("acme").table("patient").column("name").build();
        ProtectionContext fast = column.withRowId("42");
        ProtectionContext built = column.toBuilder().rowId("42").build();
        assertThat(fast.associatedData(true)).isEqualTo(built.associatedData(true));
        assertThat(fast.contextCheck(true)).isEqualTo(built.contextCheck(true));
        assertThat(fast.associatedData(false)).isEqualTo(column.associatedData(true));
        assertThat(fast).isEqualTo(built);
        assertThat(fast.withRowId(null).associatedData(true)).isEqualTo(column.associatedData(true));
        assertThatThrownBy(() -> column.withRowId(" ")).hasMessageContaining("rowId is invalid: blank");
    }

    @Test
    void withRowOf_anotherColumnOfTheSameRow_matchesAFullyBuiltContext() {
        ProtectionContext name = ProtectionContext.builder().tenant("acme").table("patient").column("name").build();
        ProtectionContext diagnosis = ProtectionContext.builder().tenant("acme").table("patient").column("diagnosis_text")
                .build();
        ProtectionContext row = name.withRowId("42,\u4e2d");
        ProtectionContext fast = diagnosis.withRowOf(row);
        ProtectionContext built = diagnosis.toBuilder().rowId("42,\u4e2d").build();
        assertThat(fast).isEqualTo(built);
        assertThat(fast.associatedData(true)).isEqualTo(built.associatedData(true));
        assertThat(fast.contextCheck(true)).isEqualTo(built.contextCheck(true));
        assertThat(fast.associatedData(false)).isEqualTo(diagnosis.associatedData(false));
        assertThat(diagnosis.withRowOf(name).associatedData(true)).isEqualTo(diagnosis.associatedData(true));
    }

    @Test
    void copyAssociatedData_writesTheSameBytesAtTheOffset() {
        ProtectionContext column = ProtectionContext.builder().tenant("acme").table("patient").column("name").build();
        for (ProtectionContext c : new ProtectionContext[] {ctx, column, column.withRowId("7"),
                ProtectionContext.of("acme", "patient", "dob").withRowOf(ctx)}) {
            for (boolean bindRow : new boolean[] {true, false}) {
                byte[] expected = c.associatedData(bindRow);
                assertThat(c.associatedDataLength(bindRow)).isEqualTo(expected.length);
                byte[] buffer = new byte[expected.length + 9];
                java.util.Arrays.fill(buffer, (byte) 0x5A);
                assertThat(c.copyAssociatedData(bindRow, buffer, 4)).isEqualTo(expected.length);
                assertThat(java.util.Arrays.copyOfRange(buffer, 4, 4 + expected.length)).isEqualTo(expected);
                assertThat(buffer[3]).isEqualTo((byte) 0x5A);
                assertThat(buffer[4 + expected.length]).isEqualTo((byte) 0x5A);
                java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
                crc.update(expected);
                assertThat(c.contextCheck(bindRow)).isEqualTo((int) crc.getValue());
            }
        }
    }

    @Test
    void columnName_isTableDotColumnForEveryRow() {
        assertThat(ctx.columnName()).isEqualTo("PATIENT.NAME");
        assertThat(ctx.withRowId("43").columnName()).isEqualTo("PATIENT.NAME");
        assertThat(ProtectionContext.of("acme", "visit", "note").withRowOf(ctx).columnName()).isEqualTo("VISIT.NOTE");
    }

    @Test
    void associatedData_returnsCopies() {
        byte[] first = ctx.associatedData(true);
        first[0] = 0;
        assertThat(ctx.associatedData(true)[0]).isEqualTo((byte) 'C');
    }

    @Test
    void builder_invalidFields_failWithNumberedMessage() {
        assertThatThrownBy(() -> ProtectionContext.builder().tenant(" ")).hasMessage("CUSTOS-1005 protection context field tenant is invalid: blank");
        assertThatThrownBy(() -> ProtectionContext.builder().table("a\u0000b")).hasMessageContaining("control character");
        assertThatThrownBy(() -> ProtectionContext.builder().column("c".repeat(129))).hasMessageContaining("longer than 128");
        assertThatThrownBy(() -> ProtectionContext.builder().tenant("t").table("x").build()).hasMessageContaining("column is invalid: required");
    }

    @Test
    void toString_showsIdsOnly() {
        assertThat(ctx.toString()).isEqualTo(
                "ProtectionContext[tenant=acme, column=PATIENT.NAME, row=42, class=PATIENT_CLINICAL, subject=P-17, purpose=treatment]");
    }
}
