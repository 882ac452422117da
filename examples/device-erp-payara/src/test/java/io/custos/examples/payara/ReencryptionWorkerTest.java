package io.custos.examples.payara;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import org.eclipse.microprofile.config.Config;
import org.junit.jupiter.api.Test;

class ReencryptionWorkerTest {

    private static Config config(String interval) {
        SmallRyeConfigBuilder b = new SmallRyeConfigBuilder();
        if (interval != null) {
            b.withDefaultValue(ReencryptionWorker.POLL_INTERVAL, interval);
        }
        return b.build();
    }

    @Test
    void pollInterval_unset_isFiveSeconds() {
        assertThat(ReencryptionWorker.interval(config(null))).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void pollInterval_isoDuration_isTaken() {
        assertThat(ReencryptionWorker.interval(config("PT1S"))).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void pollInterval_notADurationOrTooShort_isRefusedWithoutEchoingTheValue() {
        assertThatThrownBy(() -> ReencryptionWorker.interval(config("every-second-please")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(ReencryptionWorker.POLL_INTERVAL)
                .hasMessageNotContaining("every-second-please");
        assertThatThrownBy(() -> ReencryptionWorker.interval(config("PT0.01S")))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
