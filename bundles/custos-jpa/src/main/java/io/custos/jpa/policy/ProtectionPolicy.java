package io.custos.jpa.policy;

import io.custos.api.DataClass;
import io.custos.api.EncryptionMode;
import io.custos.api.MaskStyle;
import io.custos.api.ProtectionLevel;
import io.custos.api.error.ConfigurationException;
import io.custos.api.error.ErrorCode;
import io.custos.jpa.internal.Json;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A validated protection policy. Its JSON schema is documented in {@code docs/policy.md}:
 *
 * <pre>{@code
 * { "policyVersion": 1, "tenant": "acme", "blindIndexBits": 32,
 *   "levels":   { "CRITICAL": { "readRoles": ["clinician"], "whenDenied": "MASK" } },
 *   "entities": { "Patient": { "name": { "class": "PATIENT_CLINICAL", "mask": "INITIALS" } } },
 *   "beans":    [ "com.example.erp.PatientResource" ] }
 * }</pre>
 *
 * <h2>Security guarantees</h2>
 * Every key and value is checked; unknown keys and values fail with CUSTOS-1103 naming the path, so a
 * typo never leaves a field unprotected silently.
 */
public final class ProtectionPolicy {
    /** The only schema version this release reads. */
    public static final int VERSION = 1;
    public static final String DEFAULT_TENANT = "default";
    public static final int DEFAULT_BLIND_INDEX_BITS = 32;

    private static final Set<String> TOP_KEYS = Set.of("policyVersion", "tenant", "blindIndexBits", "levels",
            "entities", "beans", "description");
    private static final Set<String> LEVEL_KEYS = Set.of("mode", "blindIndex", "mask", "readRoles", "sharedCache",
            "auditReads", "whenDenied");
    private static final Set<String> FIELD_KEYS = Set.of("class", "level", "mode", "blindIndex", "mask", "readRoles",
            "legacy", "columnLength", "maxBytes", "identifier", "whenDenied", "description");

    private final String source;
    private final String tenant;
    private final int blindIndexBits;
    private final Map<ProtectionLevel, LevelPolicy> levels;
    private final Map<String, Map<String, FieldSpec>> entities;
    private final List<String> beans;

    private ProtectionPolicy(String source, String tenant, int blindIndexBits, Map<ProtectionLevel, LevelPolicy> levels,
                             Map<String, Map<String, FieldSpec>> entities, List<String> beans) {
        this.source = source;
        this.tenant = tenant;
        this.blindIndexBits = blindIndexBits;
        this.levels = levels;
        this.entities = entities;
        this.beans = beans;
    }

    /** A policy that protects nothing by itself (annotations may still protect fields). */
    public static ProtectionPolicy empty(String tenant) {
        return new ProtectionPolicy("(none)", tenant, DEFAULT_BLIND_INDEX_BITS, defaultLevels(), Map.of(), List.of());
    }

    /**
     * Loads a policy from {@code classpath:path} or a file path.
     *
     * @throws ConfigurationException CUSTOS-1101 if it cannot be read, 1102/1103 if it is invalid
     */
    public static ProtectionPolicy load(String location, ClassLoader loader) throws ConfigurationException {
        String text;
        try {
            if (location.startsWith("classpath:")) {
                String resource = location.substring("classpath:".length());
                try (InputStream in = loader.getResourceAsStream(resource.startsWith("/") ? resource.substring(1) : resource)) {
                    if (in == null) {
                        throw new ConfigurationException(ErrorCode.POLICY_UNREADABLE, location, "no such resource");
                    }
                    text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            } else {
                text = Files.readString(Path.of(location), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new ConfigurationException(ErrorCode.POLICY_UNREADABLE, location, e.getClass().getSimpleName());
        }
        return parse(location, text);
    }

    /**
     * Parses and validates a policy document.
     *
     * @param source a name for messages (file or resource)
     * @throws ConfigurationException CUSTOS-1102 for malformed JSON, 1103 for schema violations
     */
    public static ProtectionPolicy parse(String source, String json) throws ConfigurationException {
        Object root = Json.parse(source, json);
        Map<String, Object> top = object(source, "(document)", root, TOP_KEYS);
        Object version = top.get("policyVersion");
        if (version == null) {
            throw invalid(source, "policyVersion", "required (use " + VERSION + ")");
        }
        if (integer(source, "policyVersion", version, 1, Integer.MAX_VALUE) != VERSION) {
            throw invalid(source, "policyVersion", "this release reads version " + VERSION);
        }
        String tenant = top.containsKey("tenant") ? name(source, "tenant", top.get("tenant")) : DEFAULT_TENANT;
        int bits = top.containsKey("blindIndexBits")
                ? integer(source, "blindIndexBits", top.get("blindIndexBits"), 16, 256) : DEFAULT_BLIND_INDEX_BITS;
        if (bits % 8 != 0) {
            throw invalid(source, "blindIndexBits", "must be a multiple of 8");
        }
        Map<ProtectionLevel, LevelPolicy> levels = defaultLevels();
        if (top.containsKey("levels")) {
            for (Map.Entry<String, Object> e : object(source, "levels", top.get("levels"), null).entrySet()) {
                String path = "levels." + e.getKey();
                ProtectionLevel level = enumValue(source, path, e.getKey(), ProtectionLevel.class);
                if (level == ProtectionLevel.INHERIT) {
                    throw invalid(source, path, "INHERIT is not a level");
                }
                levels.put(level, level(source, path, level, object(source, path, e.getValue(), LEVEL_KEYS), levels.get(level)));
            }
        }
        Map<String, Map<String, FieldSpec>> entities = new LinkedHashMap<>();
        if (top.containsKey("entities")) {
            for (Map.Entry<String, Object> e : object(source, "entities", top.get("entities"), null).entrySet()) {
                String path = "entities." + e.getKey();
                Map<String, FieldSpec> fields = new LinkedHashMap<>();
                Map<String, Object> entity = object(source, path, e.getValue(), null);
                if (entity.isEmpty()) {
                    throw invalid(source, path, "names no field");
                }
                for (Map.Entry<String, Object> f : entity.entrySet()) {
                    String fieldPath = path + "." + f.getKey();
                    fields.put(f.getKey(), field(source, fieldPath, object(source, fieldPath, f.getValue(), FIELD_KEYS)));
                }
                entities.put(e.getKey(), Collections.unmodifiableMap(fields));
            }
        }
        List<String> beans = new ArrayList<>();
        if (top.containsKey("beans")) {
            for (Object b : list(source, "beans", top.get("beans"))) {
                beans.add(name(source, "beans[]", b));
            }
        }
        return new ProtectionPolicy(source, tenant, bits, levels, Collections.unmodifiableMap(entities), List.copyOf(beans));
    }

    /**
     * The effective protection of a field from what the policy file and an annotation say, completed by
     * the level defaults. The file wins where both speak.
     *
     * @throws ConfigurationException CUSTOS-1103 if neither names a data class
     */
    public FieldPolicy resolve(String entity, String attribute, FieldSpec fromPolicy, FieldSpec fromAnnotation)
            throws ConfigurationException {
        FieldSpec spec = fromPolicy != null ? fromPolicy.orElse(fromAnnotation) : fromAnnotation;
        if (spec == null || spec.dataClass() == null) {
            throw invalid(source, "entities." + entity + "." + attribute + ".class", "required");
        }
        ProtectionLevel level = spec.dataClass().resolve(spec.level());
        LevelPolicy lp = level(level);
        return new FieldPolicy(entity, attribute, spec.dataClass(), level,
                spec.mode() != null ? spec.mode() : lp.mode(),
                spec.blindIndex() != null ? spec.blindIndex() : lp.blindIndex(),
                spec.mask() != null ? spec.mask() : lp.mask(),
                spec.readRoles() != null ? spec.readRoles() : lp.readRoles(),
                Boolean.TRUE.equals(spec.legacy()), spec.columnLength(), spec.maxBytes(),
                Boolean.TRUE.equals(spec.identifier()),
                spec.whenDenied() != null ? spec.whenDenied() : lp.whenDenied(),
                lp.auditReads(), lp.sharedCache());
    }

    public String source() {
        return source;
    }

    public String tenant() {
        return tenant;
    }

    public int blindIndexBits() {
        return blindIndexBits;
    }

    public LevelPolicy level(ProtectionLevel level) {
        return levels.get(level == ProtectionLevel.INHERIT ? ProtectionLevel.INTERNAL : level);
    }

    /** Entity name (or class name) to attribute name to what the file says. */
    public Map<String, Map<String, FieldSpec>> entities() {
        return entities;
    }

    /** Every role the policy names as a plaintext role, in its levels and its fields. */
    public Set<String> roles() {
        Set<String> out = new java.util.TreeSet<>();
        levels.values().forEach(l -> out.addAll(l.readRoles()));
        for (Map<String, FieldSpec> fields : entities.values()) {
            for (FieldSpec f : fields.values()) {
                if (f.readRoles() != null) {
                    out.addAll(f.readRoles());
                }
            }
        }
        return Collections.unmodifiableSet(out);
    }

    /** Fully qualified class names of the CDI beans whose results are masked and audited. */
    public List<String> beans() {
        return beans;
    }

    @Override
    public String toString() {
        return "ProtectionPolicy[" + source + ", tenant " + tenant + ", " + entities.size() + " entities]";
    }

    private static Map<ProtectionLevel, LevelPolicy> defaultLevels() {
        Map<ProtectionLevel, LevelPolicy> m = new EnumMap<>(ProtectionLevel.class);
        for (ProtectionLevel l : ProtectionLevel.values()) {
            if (l != ProtectionLevel.INHERIT) {
                m.put(l, LevelPolicy.defaults(l));
            }
        }
        return m;
    }

    private static LevelPolicy level(String source, String path, ProtectionLevel level, Map<String, Object> m,
                                     LevelPolicy d) throws ConfigurationException {
        return new LevelPolicy(level,
                m.containsKey("mode") ? enumValue(source, path + ".mode", m.get("mode"), EncryptionMode.class) : d.mode(),
                m.containsKey("blindIndex") ? bool(source, path + ".blindIndex", m.get("blindIndex")) : d.blindIndex(),
                m.containsKey("mask") ? mask(source, path + ".mask", m.get("mask")) : d.mask(),
                m.containsKey("readRoles") ? roles(source, path + ".readRoles", m.get("readRoles")) : d.readRoles(),
                m.containsKey("sharedCache") ? bool(source, path + ".sharedCache", m.get("sharedCache")) : d.sharedCache(),
                m.containsKey("auditReads") ? bool(source, path + ".auditReads", m.get("auditReads")) : d.auditReads(),
                m.containsKey("whenDenied") ? enumValue(source, path + ".whenDenied", m.get("whenDenied"), WhenDenied.class) : d.whenDenied());
    }

    private static FieldSpec field(String source, String path, Map<String, Object> m) throws ConfigurationException {
        if (!m.containsKey("class")) {
            throw invalid(source, path + ".class", "required; one of " + Arrays.toString(DataClass.values()));
        }
        ProtectionLevel level = m.containsKey("level") ? enumValue(source, path + ".level", m.get("level"), ProtectionLevel.class) : null;
        return new FieldSpec(
                enumValue(source, path + ".class", m.get("class"), DataClass.class),
                level == ProtectionLevel.INHERIT ? null : level,
                m.containsKey("mode") ? enumValue(source, path + ".mode", m.get("mode"), EncryptionMode.class) : null,
                m.containsKey("blindIndex") ? bool(source, path + ".blindIndex", m.get("blindIndex")) : null,
                m.containsKey("mask") ? mask(source, path + ".mask", m.get("mask")) : null,
                m.containsKey("readRoles") ? roles(source, path + ".readRoles", m.get("readRoles")) : null,
                m.containsKey("legacy") ? bool(source, path + ".legacy", m.get("legacy")) : null,
                m.containsKey("columnLength") ? integer(source, path + ".columnLength", m.get("columnLength"), 1, 1 << 30) : null,
                m.containsKey("maxBytes") ? integer(source, path + ".maxBytes", m.get("maxBytes"), 1, 1 << 30) : null,
                m.containsKey("identifier") ? bool(source, path + ".identifier", m.get("identifier")) : null,
                m.containsKey("whenDenied") ? enumValue(source, path + ".whenDenied", m.get("whenDenied"), WhenDenied.class) : null);
    }

    private static MaskStyle mask(String source, String path, Object v) throws ConfigurationException {
        MaskStyle s = enumValue(source, path, v, MaskStyle.class);
        if (s == MaskStyle.INHERIT) {
            throw invalid(source, path, "INHERIT is not a mask style here");
        }
        return s;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(String source, String path, Object v, Set<String> allowed)
            throws ConfigurationException {
        if (!(v instanceof Map)) {
            throw invalid(source, path, "expected an object");
        }
        Map<String, Object> m = (Map<String, Object>) v;
        if (allowed != null) {
            for (String key : m.keySet()) {
                if (!allowed.contains(key)) {
                    throw invalid(source, path + "." + key, "unknown key; allowed: " + String.join(", ", sorted(allowed)));
                }
            }
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(String source, String path, Object v) throws ConfigurationException {
        if (!(v instanceof List)) {
            throw invalid(source, path, "expected an array");
        }
        return (List<Object>) v;
    }

    private static Set<String> roles(String source, String path, Object v) throws ConfigurationException {
        Set<String> out = new LinkedHashSet<>();
        for (Object o : list(source, path, v)) {
            out.add(name(source, path + "[]", o));
        }
        return out;
    }

    private static String name(String source, String path, Object v) throws ConfigurationException {
        if (!(v instanceof String s) || s.isBlank() || s.length() > 128) {
            throw invalid(source, path, "expected a non-blank string of at most 128 characters");
        }
        for (int i = 0; i < s.length(); i++) {
            if (Character.isISOControl(s.charAt(i))) {
                throw invalid(source, path, "contains a control character");
            }
        }
        return s;
    }

    private static boolean bool(String source, String path, Object v) throws ConfigurationException {
        if (!(v instanceof Boolean b)) {
            throw invalid(source, path, "expected true or false");
        }
        return b;
    }

    private static int integer(String source, String path, Object v, int min, int max) throws ConfigurationException {
        if (!(v instanceof BigDecimal d)) {
            throw invalid(source, path, "expected a number");
        }
        try {
            int i = d.intValueExact();
            if (i < min || i > max) {
                throw invalid(source, path, "must be in " + min + " .. " + max);
            }
            return i;
        } catch (ArithmeticException e) {
            throw invalid(source, path, "expected a whole number");
        }
    }

    private static <E extends Enum<E>> E enumValue(String source, String path, Object v, Class<E> type)
            throws ConfigurationException {
        if (v instanceof String s) {
            try {
                return Enum.valueOf(type, s.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                // reported below with the allowed values
            }
        }
        throw invalid(source, path, "expected one of " + Arrays.toString(type.getEnumConstants()));
    }

    private static List<String> sorted(Set<String> s) {
        List<String> l = new ArrayList<>(s);
        Collections.sort(l);
        return l;
    }

    private static ConfigurationException invalid(String source, String path, String why) {
        return new ConfigurationException(ErrorCode.POLICY_INVALID, source, path, why);
    }
}
