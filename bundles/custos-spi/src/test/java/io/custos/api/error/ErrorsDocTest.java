package io.custos.api.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Keeps docs/errors.md complete: every numbered code has a row with a remedy. */
class ErrorsDocTest {
    @Test
    void everyErrorCode_isDocumentedWithARemedy() throws Exception {
        String doc = Files.readString(Path.of("../../docs/errors.md"), StandardCharsets.UTF_8);
        for (ErrorCode code : ErrorCode.values()) {
            String row = doc.lines().filter(l -> l.startsWith("| " + code.id() + " |")).findFirst().orElse(null);
            assertThat(row).as("docs/errors.md row for %s", code.id()).isNotNull();
            assertThat(row.split("\\|")).as("remedy for %s", code.id()).hasSizeGreaterThanOrEqualTo(4);
            assertThat(row.split("\\|")[3].strip()).as("remedy for %s", code.id()).isNotEmpty();
        }
    }
}
