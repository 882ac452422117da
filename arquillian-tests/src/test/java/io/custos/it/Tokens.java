package io.custos.it;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.UUID;

/**
 * RS256 tokens minted here as the identity provider would (the same claims as {@code ./run.sh token}): audience
 * {@code custos-admin} for the admin API, {@code device-erp} for the ERP. The server trusts {@link #KEYS}' public
 * key, written to a PEM file before it starts; {@link #OTHER_KEYS} signs the forgeries.
 */
final class Tokens {
    static final String ISSUER = "https://idp.custos.it";
    static final String ADMIN = "custos-admin";
    static final String ERP = "device-erp";
    static final KeyPair KEYS = rsa();
    static final KeyPair OTHER_KEYS = rsa();

    private Tokens() {
    }

    static String mint(String principal, String group, String audience) {
        return sign(principal, group, audience, KEYS);
    }

    /** The same claims, signed by a key the server does not trust. */
    static String forged(String principal, String group, String audience) {
        return sign(principal, group, audience, OTHER_KEYS);
    }

    static void writePublicKey(Path pem) throws IOException {
        String b64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(KEYS.getPublic().getEncoded());
        Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n" + b64 + "\n-----END PUBLIC KEY-----\n",
                StandardCharsets.US_ASCII);
    }

    private static String sign(String principal, String group, String audience, KeyPair keys) {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER).audience(audience).subject(principal)
                .claim("upn", principal).claim("groups", List.of(group)).jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(900))).build();
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).build(),
                    claims);
            jwt.sign(new RSASSASigner(keys.getPrivate()));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
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
