package io.custos.crypto.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.crypto.tink.subtle.AesSiv;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Known-answer tests of the primitives the codecs use: AES-256-GCM from the GCM specification
 * (McGrew &amp; Viega, test case 16, as used in NIST's GCM validation) and AES-SIV with 512-bit keys from
 * Wycheproof's aes_siv_cmac_test.json (which includes RFC 5297's construction).
 */
class KnownAnswerTest {
    private static final HexFormat HEX = HexFormat.of();

    @Test
    void aes256Gcm_testCase16_matches() throws Exception {
        byte[] key = HEX.parseHex("feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308");
        byte[] iv = HEX.parseHex("cafebabefacedbaddecaf888");
        byte[] aad = HEX.parseHex("feedfacedeadbeeffeedfacedeadbeefabaddad2");
        byte[] pt = HEX.parseHex("d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
                + "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39");
        String ctAndTag = "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
                + "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662" + "76fc6ece0f4e1768cddf8853bb2d551b";
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
        c.updateAAD(aad);
        assertThat(HEX.formatHex(c.doFinal(pt))).isEqualTo(ctAndTag);
        c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
        c.updateAAD(aad);
        assertThat(c.doFinal(HEX.parseHex(ctAndTag))).isEqualTo(pt);
    }

    @ParameterizedTest(name = "wycheproof tcId {0}")
    @CsvSource({
        "305, e2c5662bb18fbb411d0304e4241db073fe60a4704fee290073513038a22b4cd542580b2b4edbc37e3de01c0cb61abcad46986cdc491ce9e5ae5af223ff58b953, fab912dec29a34aabfaef176, 0d, 1c6969ecb15741a9959b7a8492250e391a",
        "312, a661c6a90fd40d8a734873d66afd4477c5041cdc2b31a3cd0ac3604cac4f74411219e544615b56e17f5774b5085129f6dd69893bb7216b539cf42b79f0068278, 7a5dbdbf803b2593d3e17097, deb2c7c6204496e5, 2f8b7583773ae03ba7b3952453c81431780bfcc9d7df9a43",
        "320, 139383f3f82dc78e0b380027f9e5fcd2ed23716404be5c554452e4dc73d237026594491820c6b8297185cc1fa84f49a5c7d7cd05c5de090ff1c3397bc2740437, d39da73ffc03ad0a9213ffc7, 48604944a80fadf50d55b87727934458c8, a9cf73951cb39823777f35c96c845169476e2ec2317cb6b8dd8b6172fdceabff9d",
        "324, 72a76714e0171e8213de624f00e273bc900050e69d25c454cc42b61e8b3fbc92d4942e1ae14421e164046c1479a7b9c9f4b50b382cb62dfeaa210b98dec7d937, 6a8aaf2c84003e0e6f409658, 92d8f4dc7d41e8b180d66e8994022db79249cdc76fd7f3ea12d9925b51925250cd75a15fcfd78ea85c57fe6196f8d7545086f99ea796a0ea69170db9944200435d9d3d551943892400ce787f703c1105, 69f720f36b0da86ec8cc0f46d62835dcb35ac23f5b891152d861c4e0f0018f19d272ee8b12d83300bfd46aeec0124d5d23b3cb849c1cab1fdf64b70947ebf79f5442e209076dfa9a3f36ab0a6d3cf4a75ddfcdc21837743b20885db4c803ac27",
        "325, 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f, '', 8dbfee9580e7e2bc66100a674497f4e1, 000000000000000000000000000000007ef8aa7e4dd49d9cfa09e9cb574fd90d",
        "328, 000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f, 000102030405060708090a0b0c0d0e0f, 404aa73280eb830afde284ba6b18d48a, ffffffffffffffffffffffffffffffff0fae016c086fc20546b374c24f3ebad0",
    })
    void aesSiv512_wycheproofValid_matches(int tcId, String key, String aad, String msg, String ct) throws Exception {
        AesSiv siv = new AesSiv(HEX.parseHex(key));
        assertThat(HEX.formatHex(siv.encryptDeterministically(HEX.parseHex(msg), HEX.parseHex(aad)))).isEqualTo(ct);
        assertThat(siv.decryptDeterministically(HEX.parseHex(ct), HEX.parseHex(aad))).isEqualTo(HEX.parseHex(msg));
    }

    @ParameterizedTest(name = "wycheproof tcId {0}")
    @CsvSource({
        "335, '', 6ef5b8ef53fc365606cd3ea047374885",
        "336, 3031323334353637, 202e4a8f8b4c66788f3af230fb1c3ada5ead70c7f066d4df",
    })
    void aesSiv512_wycheproofFlippedTag_isRejected(int tcId, String msg, String ct) throws Exception {
        AesSiv siv = new AesSiv(HEX.parseHex("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
                + "202122232425262728292a2b2c2d2e2f303132333435363738393a3b3c3d3e3f"));
        assertThatThrownBy(() -> siv.decryptDeterministically(HEX.parseHex(ct), new byte[0]))
                .isInstanceOf(GeneralSecurityException.class);
    }
}
