package io.custos.hsm.internal;

import io.custos.api.Secret;
import io.custos.api.error.ConfigurationException;
import io.custos.api.error.ErrorCode;
import io.custos.spi.ProviderConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.OptionalInt;

/**
 * The validated configuration of the PKCS#11 provider. The PIN is not kept: it is read from its reference
 * each time the provider logs in, so a changed PIN file or variable is picked up on reconnect.
 */
public record HsmSettings(String library, String tokenLabel, OptionalInt slotListIndex, String kekLabel,
                          int kekVersion, String signingLabel, boolean generateKeys, Duration unsealedKeyTtl,
                          int unsealedKeyCacheSize, Duration reconnectInterval, ProviderConfig config) {
    public static final String PREFIX = "custos.hsm.";
    public static final String LIBRARY = PREFIX + "library";
    public static final String TOKEN_LABEL = PREFIX + "token-label";
    public static final String SLOT_LIST_INDEX = PREFIX + "slot-list-index";
    public static final String PIN = PREFIX + "pin";
    public static final String KEK_LABEL = PREFIX + "kek-label";
    public static final String KEK_VERSION = PREFIX + "kek-version";
    public static final String SIGNING_LABEL = PREFIX + "signing-label";
    public static final String GENERATE_KEYS = PREFIX + "generate-keys";
    public static final String UNSEALED_KEY_TTL = PREFIX + "unsealed-key-ttl";
    public static final String UNSEALED_KEY_CACHE_SIZE = PREFIX + "unsealed-key-cache-size";
    public static final String RECONNECT_INTERVAL = PREFIX + "reconnect-interval";

    public static final String DEFAULT_KEK_LABEL = "custos-kek";
    public static final String DEFAULT_SIGNING_LABEL = "custos-audit-signing";
    public static final String DEFAULT_TTL = "PT5M";
    public static final String DEFAULT_RECONNECT = "PT2S";
    public static final int DEFAULT_CACHE_SIZE = 10_000;

    /** Reads and checks the configuration; the PIN reference is checked (resolved once and wiped). */
    public static HsmSettings from(ProviderConfig config) throws ConfigurationException {
        String library = config.require(LIBRARY);
        if (library.chars().anyMatch(Character::isISOControl)) {
            throw new ConfigurationException(ErrorCode.CONFIG_INVALID, LIBRARY, config.owner(), "control characters");
        }
        if (!Files.isRegularFile(Path.of(library))) {
            throw new ConfigurationException(ErrorCode.HSM_LIBRARY_UNUSABLE, library, "no such file");
        }
        String label = config.require(TOKEN_LABEL);
        OptionalInt index = config.get(SLOT_LIST_INDEX).isPresent()
                ? OptionalInt.of(nonNegative(config, SLOT_LIST_INDEX, 0)) : OptionalInt.empty();
        try (Secret pin = config.secretReference(PIN)
                .orElseThrow(() -> new ConfigurationException(ErrorCode.CONFIG_MISSING, PIN, config.owner()))) {
            if (pin.length() == 0) {
                throw new ConfigurationException(ErrorCode.CONFIG_INVALID, PIN, config.owner(), "empty PIN");
            }
        }
        String kek = label(config, KEK_LABEL, DEFAULT_KEK_LABEL);
        int kekVersion = config.getInt(KEK_VERSION, 1);
        if (kekVersion < 1) {
            throw new ConfigurationException(ErrorCode.CONFIG_INVALID, KEK_VERSION, config.owner(), "must be 1 or more");
        }
        String signing = label(config, SIGNING_LABEL, DEFAULT_SIGNING_LABEL);
        if (signing.equals(kekAlias(kek, kekVersion))) {
            throw new ConfigurationException(ErrorCode.CONFIG_INVALID, SIGNING_LABEL, config.owner(),
                    "same label as the key-encryption key");
        }
        return new HsmSettings(library, label, index, kek, kekVersion, signing, config.getBoolean(GENERATE_KEYS, false),
                duration(config, UNSEALED_KEY_TTL, DEFAULT_TTL),
                nonNegative(config, UNSEALED_KEY_CACHE_SIZE, DEFAULT_CACHE_SIZE),
                duration(config, RECONNECT_INTERVAL, DEFAULT_RECONNECT), config);
    }

    /** Reads the PIN from its reference; the caller closes it. */
    public Secret pin() throws ConfigurationException {
        return config.secretReference(PIN)
                .orElseThrow(() -> new ConfigurationException(ErrorCode.CONFIG_MISSING, PIN, config.owner()));
    }

    /** The token label of a key-encryption key version, e.g. {@code custos-kek.v1}. */
    public static String kekAlias(String kekLabel, int version) {
        return kekLabel + ".v" + version;
    }

    /** The root key id written into sealed keys: {@code pkcs11:<token key label>}. */
    public static String rootKeyId(String kekLabel, int version) {
        return "pkcs11:" + kekAlias(kekLabel, version);
    }

    private static String label(ProviderConfig config, String name, String def) throws ConfigurationException {
        String v = config.get(name, def).strip();
        if (v.isEmpty() || v.length() > 64 || v.chars().anyMatch(Character::isISOControl)) {
            throw new ConfigurationException(ErrorCode.CONFIG_INVALID, name, config.owner(),
                    "1 to 64 printable characters");
        }
        return v;
    }

    private static int nonNegative(ProviderConfig config, String name, int def) throws ConfigurationException {
        int v = config.getInt(name, def);
        if (v < 0) {
            throw new ConfigurationException(ErrorCode.CONFIG_INVALID, name, config.owner(), "negative");
        }
        return v;
    }

    /** ISO-8601 ({@code PT5M}) or a number of seconds. */
    private static Duration duration(ProviderConfig config, String name, String def) throws ConfigurationException {
        String v = config.get(name, def).strip();
        try {
            Duration d = v.matches("[0-9]+") ? Duration.ofSeconds(Long.parseLong(v)) : Duration.parse(v);
            if (d.isNegative()) {
                throw new ConfigurationException(ErrorCode.CONFIG_INVALID, name, config.owner(), "negative");
            }
            return d;
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            throw new ConfigurationException(ErrorCode.CONFIG_INVALID, name, config.owner(),
                    "not a duration (PT5M or seconds)");
        }
    }

    @Override
    public String toString() {
        return "HsmSettings[" + library + ", token " + tokenLabel + ", kek " + kekAlias(kekLabel, kekVersion)
                + ", signing " + signingLabel + ", ttl " + unsealedKeyTtl + "]";
    }
}
