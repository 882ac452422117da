package io.custos.hsm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.custos.hsm.SoftHsm;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(SoftHsm.class)
class TokenSlotsTest {

    @Test
    void listing_inProcessAndInChildJvm_agree() throws Exception {
        List<Pkcs11Wrapper.Slot> here = TokenSlots.inProcess(SoftHsm.library());
        List<Pkcs11Wrapper.Slot> child = TokenSlots.inChild(SoftHsm.library());
        assertThat(child).isEqualTo(here);
        assertThat(here).filteredOn(Pkcs11Wrapper.Slot::initialized).extracting(Pkcs11Wrapper.Slot::label)
                .contains(SoftHsm.TOKEN, SoftHsm.FAULT_TOKEN);
        // SoftHSM2 always offers one more slot with a free token
        assertThat(here).anyMatch(s -> !s.initialized());
        assertThat(here).extracting(Pkcs11Wrapper.Slot::index).containsExactlyElementsOf(
                java.util.stream.IntStream.range(0, here.size()).boxed().toList());
    }

    @Test
    void childJvm_libraryNotPkcs11_fails4101() throws Exception {
        java.nio.file.Path fake = SoftHsm.home().resolve("child-not-a-library.so");
        java.nio.file.Files.writeString(fake, "text");
        assertThatThrownBy(() -> TokenSlots.inChild(fake.toString())).hasMessageStartingWith("CUSTOS-4101");
    }

    @Test
    void wrapper_inThisTestJvm_isOpen() {
        assertThat(Pkcs11Wrapper.readable()).isTrue();
        assertThat(Pkcs11Wrapper.resettable()).isTrue();
    }
}
