package io.custos.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.Serializable;
import org.junit.jupiter.api.Test;

class SecretTest {
    @Test
    void copiesInAndOut() {
        byte[] raw = {1, 2, 3};
        Secret s = Secret.copyOf(raw);
        raw[0] = 9;
        assertThat(s.bytes()).containsExactly(1, 2, 3);
        s.bytes()[1] = 9;
        assertThat(s.bytes()).containsExactly(1, 2, 3);
    }

    @Test
    void wrapAndWipe_wipesCallersArray() {
        byte[] raw = {1, 2, 3};
        Secret s = Secret.wrapAndWipe(raw);
        assertThat(raw).containsExactly(0, 0, 0);
        assertThat(s.bytes()).containsExactly(1, 2, 3);
    }

    @Test
    void toString_printsOnlyLength() {
        Secret s = Secret.ofChars("hunter2-pin".toCharArray());
        assertThat(s.toString()).isEqualTo("Secret[11 bytes]").doesNotContain("hunter2");
        assertThat(new String(s.chars())).isEqualTo("hunter2-pin");
    }

    @Test
    void close_wipesAndBlocksAccess() {
        Secret s = Secret.copyOf(new byte[] {5, 6});
        s.close();
        assertThat(s.isDestroyed()).isTrue();
        assertThat(s.toString()).contains("destroyed");
        assertThatThrownBy(s::bytes).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(s::chars).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void equals_comparesContent_hashCodeRevealsOnlyLength() {
        assertThat(Secret.copyOf(new byte[] {1, 2})).isEqualTo(Secret.copyOf(new byte[] {1, 2}))
                .isNotEqualTo(Secret.copyOf(new byte[] {1, 3}));
        assertThat(Secret.copyOf(new byte[] {1, 2}).hashCode()).isEqualTo(Secret.copyOf(new byte[] {7, 7}).hashCode());
    }

    @Test
    void isNotSerializable() {
        assertThat(Serializable.class.isAssignableFrom(Secret.class)).isFalse();
    }
}
