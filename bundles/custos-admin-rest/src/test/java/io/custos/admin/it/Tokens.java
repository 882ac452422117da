package io.custos.admin.it;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;

/** Real RS256 tokens minted in the test, as an identity provider would, plus the forged kinds the API must refuse. */
final class Tokens {
    static final String ISSUER = "https://idp.custos.test";
    static final String AUDIENCE = "custos-admin";
    static final KeyPair KEYS = rsa();
    static final KeyPair OTHER_KEYS = rsa();

    private Tokens() {
    }

    /** The public key as MP JWT's {@code mp.jwt.verify.publickey} takes it (Base64 X.509, no PEM armour). */
    static String publicKeyBase64() {
        return Base64.getEncoder().encodeToString(KEYS.getPublic().getEncoded());
    }

    static String mint(String principal, List<String> groups) {
        return sign(claims(principal, groups).build(), KEYS);
    }

    static String mint(String principal, List<String> groups, UnaryOperator<JWTClaimsSet.Builder> change) {
        return sign(change.apply(claims(principal, groups)).build(), KEYS);
    }

    static JWTClaimsSet.Builder claims(String principal, List<String> groups) {
        Instant now = Instant.now();
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder()
                .issuer(ISSUER).audience(AUDIENCE).subject(principal).claim("upn", principal)
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(900)));
        if (groups != null) {
            b.claim("groups", groups);
        }
        return b;
    }

    static String sign(JWTClaimsSet claims, KeyPair keys) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                    .keyID("test").build(), claims);
            jwt.sign(new RSASSASigner(keys.getPrivate()));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code alg: none}: a valid-looking payload with no signature. */
    static String unsigned(String principal, List<String> groups) {
        String header = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        String payload = b64(claims(principal, groups).build().toString());
        return header + "." + payload + ".";
    }

    /** HS256 with the RSA public key's encoding as the HMAC secret (the classic key-confusion forgery). */
    static String hs256WithPublicKey(String principal, List<String> groups) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).type(JOSEObjectType.JWT).build(),
                    claims(principal, groups).build());
            byte[] secret = ("-----BEGIN PUBLIC KEY-----\n" + publicKeyBase64() + "\n-----END PUBLIC KEY-----\n")
                    .getBytes(StandardCharsets.US_ASCII);
            jwt.sign(new MACSigner(secret));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A correctly signed token whose payload was then edited (groups widened). */
    static String tampered(String principal) {
        String good = mint(principal, List.of("auditor"));
        String[] parts = good.split("\\.");
        String payload = b64(claims(principal, List.of("auditor", "security-officer", "key-custodian")).build().toString());
        return parts[0] + "." + payload + "." + parts[2];
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
