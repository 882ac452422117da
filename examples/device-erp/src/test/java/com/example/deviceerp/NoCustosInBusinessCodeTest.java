package com.example.deviceerp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The ERP's business code does not know Custos: protection is switched on by persistence.xml and a policy. */
class NoCustosInBusinessCodeTest {
    @Test
    void businessSources_containNoCustosReference() throws IOException {
        Path main = Path.of("src/main/java");
        List<Path> sources;
        try (Stream<Path> s = Files.walk(main)) {
            sources = s.filter(p -> p.toString().endsWith(".java")).collect(Collectors.toList());
        }
        assertThat(sources).hasSizeGreaterThanOrEqualTo(15);
        for (Path p : sources) {
            assertThat(Files.readString(p)).as(p.toString()).doesNotContain("io.custos").doesNotContain("Custos");
        }
    }

    @Test
    void onlyConfigurationNamesCustos() throws IOException {
        assertThat(Files.readString(Path.of("src/main/resources/META-INF/persistence.xml")))
                .contains("io.custos.jpa.CustosSessionCustomizer");
    }
}
