package io.custos.rotation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Rows and time left as the console shows them. */
class RotationJobStatusTest {

    private static RotationJob running(long throttle, long total, long processed, double rate) {
        Instant now = Instant.now();
        return new RotationJob("j", 7, "r", RequestedState.RUN, JobState.RUNNING, throttle, total, processed, 0, 0, 0,
                rate, "carla", now, now, null, "i1", now);
    }

    @Test
    void timeLeft_atTheObservedRate_orAtTheThrottleWhenThatIsLower() {
        assertThat(running(0, 1000, 400, 100).timeLeft()).contains(Duration.ofSeconds(6));
        // a burst at the start made the observed rate higher than the throttle allows from now on
        assertThat(running(1, 50, 4, 2).timeLeft()).contains(Duration.ofSeconds(46));
        assertThat(running(500, 1000, 400, 100).timeLeft()).contains(Duration.ofSeconds(6));
    }

    @Test
    void rowsAndTimeLeft_unknownBeforePlanning_zeroWhenDone() {
        assertThat(running(0, -1, 0, 0).rowsLeft()).isEqualTo(-1);
        assertThat(running(0, -1, 0, 0).timeLeft()).isEmpty();
        assertThat(running(0, 10, 10, 0).timeLeft()).contains(Duration.ZERO);
        assertThat(running(0, 10, 3, 0).timeLeft()).isEmpty();
    }
}
