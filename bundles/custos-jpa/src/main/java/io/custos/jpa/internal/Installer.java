package io.custos.jpa.internal;

import io.custos.api.EncryptionMode;
import io.custos.api.Protected;
import io.custos.api.error.ConfigurationException;
import io.custos.api.error.ErrorCode;
import io.custos.crypto.CiphertextFormat;
import io.custos.crypto.CustosCrypto;
import io.custos.jpa.policy.FieldPolicy;
import io.custos.jpa.policy.FieldSpec;
import io.custos.jpa.policy.ProtectionPolicy;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.logging.Logger;
import org.eclipse.persistence.config.CacheIsolationType;
import org.eclipse.persistence.descriptors.ClassDescriptor;
import org.eclipse.persistence.descriptors.VersionLockingPolicy;
import org.eclipse.persistence.internal.helper.DatabaseField;
import org.eclipse.persistence.mappings.DatabaseMapping;
import org.eclipse.persistence.mappings.DirectToFieldMapping;
import org.eclipse.persistence.sessions.Session;
import org.eclipse.persistence.tools.schemaframework.IndexDefinition;

/**
 * Replaces the mappings of the fields a policy (or {@code @Protected}) names with protected mappings,
 * checks column widths, adds blind-index columns, isolates caches, and logs what it protected. Every
 * mistake is a numbered start-up error.
 */
public final class Installer {
    private static final Logger LOG = Logger.getLogger("io.custos.jpa");
    static final int BLIND_INDEX_WIDTH = 80;

    private final Session session;
    private final ProtectionPolicy policy;
    private final CustosCrypto crypto;
    private final Auditor auditor;
    private final MaskedViews views;
    private final String tenant;
    private final boolean widen;
    private final boolean reencrypt;

    public Installer(Session session, ProtectionPolicy policy, CustosCrypto crypto, Auditor auditor, MaskedViews views,
                     String tenant, boolean widen, boolean reencrypt) {
        this.reencrypt = reencrypt;
        this.session = session;
        this.policy = policy;
        this.crypto = crypto;
        this.auditor = auditor;
        this.views = views;
        this.tenant = tenant;
        this.widen = widen;
    }

    /**
     * @return the protection installed per entity class
     * @throws ConfigurationException CUSTOS-1104..1107 for unknown entities or fields, unprotectable fields
     *                                and columns too narrow for ciphertext
     */
    public Map<Class<?>, EntityProtection> install() throws ConfigurationException {
        Map<String, ClassDescriptor> byName = new HashMap<>();
        List<ClassDescriptor> entities = new ArrayList<>();
        for (ClassDescriptor d : session.getProject().getOrderedDescriptors()) {
            if (d.isAggregateDescriptor() || d.getJavaClass() == null) {
                continue;
            }
            entities.add(d);
            if (d.getAlias() != null) {
                byName.put(d.getAlias(), d);
            }
            byName.put(d.getJavaClass().getName(), d);
        }
        Map<ClassDescriptor, Map<String, FieldSpec>> fromFile = new HashMap<>();
        for (Map.Entry<String, Map<String, FieldSpec>> e : policy.entities().entrySet()) {
            ClassDescriptor d = byName.get(e.getKey());
            if (d == null) {
                Set<String> known = new TreeSet<>();
                entities.forEach(x -> known.add(x.getAlias() != null ? x.getAlias() : x.getJavaClass().getSimpleName()));
                throw new ConfigurationException(ErrorCode.POLICY_UNKNOWN_ENTITY, policy.source(), e.getKey(),
                        session.getName(), String.join(", ", known));
            }
            fromFile.put(d, e.getValue());
        }
        Map<Class<?>, EntityProtection> out = new LinkedHashMap<>();
        for (ClassDescriptor d : entities) {
            Map<String, FieldSpec> file = fromFile.getOrDefault(d, Map.of());
            Map<String, FieldSpec> annotated = annotated(d.getJavaClass());
            Set<String> attributes = new LinkedHashSet<>(file.keySet());
            attributes.addAll(annotated.keySet());
            if (attributes.isEmpty()) {
                continue;
            }
            out.put(d.getJavaClass(), protect(d, attributes, file, annotated));
        }
        return out;
    }

    private EntityProtection protect(ClassDescriptor d, Set<String> attributes, Map<String, FieldSpec> file,
                                     Map<String, FieldSpec> annotated) throws ConfigurationException {
        String entity = d.getAlias() != null ? d.getAlias() : d.getJavaClass().getSimpleName();
        String idStrategy = idStrategy(d.getJavaClass());
        boolean bindRow = !"IDENTITY".equals(idStrategy);
        if (!bindRow) {
            LOG.warning(ErrorCode.ROW_ID_NOT_BOUND.format(entity, idStrategy));
        }
        EntityProtection p = new EntityProtection(d);
        boolean isolate = false;
        String isolatingLevel = null;
        for (String attribute : attributes) {
            FieldPolicy fp = policy.resolve(entity, attribute, file.get(attribute), annotated.get(attribute));
            ProtectedFieldMapping pm = protectField(d, entity, attribute, fp, bindRow, idStrategy);
            p.add(pm);
            if (fp.blindIndex()) {
                addBlindIndex(d, p, pm);
            }
            if (!fp.sharedCache()) {
                isolate = true;
                isolatingLevel = fp.level().name();
            }
        }
        // deferred change detection lets legacy values, old key versions and blind indexes be rewritten
        d.setObjectChangePolicy(new RewritingChangePolicy(p.fields().values()));
        if (isolate) {
            d.setCacheIsolation(CacheIsolationType.ISOLATED);
            LOG.info(ErrorCode.ENTITY_CACHE_ISOLATED.format(entity, isolatingLevel));
        }
        return p;
    }

    private ProtectedFieldMapping protectField(ClassDescriptor d, String entity, String attribute, FieldPolicy fp,
                                               boolean bindRow, String idStrategy) throws ConfigurationException {
        DatabaseMapping mapping = d.getMappingForAttributeName(attribute);
        if (mapping == null) {
            Set<String> basics = new TreeSet<>();
            for (DatabaseMapping m : d.getMappings()) {
                if (m.isDirectToFieldMapping()) {
                    basics.add(m.getAttributeName());
                }
            }
            throw new ConfigurationException(ErrorCode.POLICY_UNKNOWN_FIELD, policy.source(), entity, attribute,
                    String.join(", ", basics));
        }
        if (mapping.getClass() != DirectToFieldMapping.class) {
            throw notProtectable(entity, attribute, "only basic attributes can be protected, not "
                    + mapping.getClass().getSimpleName());
        }
        DirectToFieldMapping direct = (DirectToFieldMapping) mapping;
        DatabaseField field = direct.getField();
        boolean primaryKey = direct.isPrimaryKeyMapping();
        for (DatabaseField pk : d.getPrimaryKeyFields()) {
            primaryKey |= pk.getName().equalsIgnoreCase(field.getName());
        }
        if (primaryKey || Installer.isId(d.getJavaClass(), attribute)) {
            throw notProtectable(entity, attribute, "it is (part of) the primary key");
        }
        if (d.getOptimisticLockingPolicy() instanceof VersionLockingPolicy v && v.getWriteLockField() != null
                && v.getWriteLockField().getName().equalsIgnoreCase(field.getName())) {
            throw notProtectable(entity, attribute, "it is the optimistic-locking version");
        }
        if (direct.getConverter() != null) {
            throw notProtectable(entity, attribute, "it already has a converter ("
                    + direct.getConverter().getClass().getSimpleName() + ")");
        }
        Class<?> javaType = javaType(d.getJavaClass(), attribute);
        ValueType type = javaType == null ? null : ValueType.of(javaType);
        if (type == null) {
            throw notProtectable(entity, attribute, "type " + (javaType == null ? "?" : javaType.getSimpleName())
                    + " has no canonical text form (supported: String, byte[], numbers, Boolean, java.time, UUID)");
        }
        String table = field.getTableName() != null && !field.getTableName().isEmpty() ? field.getTableName()
                : d.getTableName();
        String column = field.getName();
        checkWidth(table, column, field, fp, type);
        if (!type.isText() && !type.isBinary()) {
            LOG.warning(ErrorCode.FIELD_LOSES_SQL_TYPE.format(entity, attribute, javaType.getSimpleName(),
                    table + "." + column, field.getLength()));
            field.setType(String.class);
            field.setSqlType(java.sql.Types.VARCHAR);
            field.setColumnDefinition(null);
        }
        FieldCodec codec = new FieldCodec(fp, type, crypto.protector(fp.mode()), auditor, tenant, table, column, bindRow,
                reencrypt);
        ProtectedFieldMapping pm = new ProtectedFieldMapping(codec, views);
        pm.setAttributeName(attribute);
        pm.setAttributeAccessor(direct.getAttributeAccessor());
        pm.setField(field);
        pm.setIsReadOnly(direct.isReadOnly());
        pm.setIsLazy(direct.isLazy());
        pm.setIsOptional(direct.isOptional());
        pm.setAttributeClassification(javaType);
        pm.setFieldClassification(type.isBinary() ? byte[].class : String.class);
        pm.setIsMutable(type.isBinary());
        pm.setWeight(direct.getWeight());
        if (direct.getProperties() != null) {
            pm.setProperties(direct.getProperties());
        }
        d.removeMappingForAttributeName(attribute);
        d.addMapping(pm);
        LOG.info(ErrorCode.FIELD_PROTECTED.format(entity, attribute, table + "." + column, fp.dataClass(), fp.level(),
                fp.mode().name().toLowerCase(Locale.ROOT), fp.blindIndex(), fp.mask(),
                fp.readRoles().isEmpty() ? "(any caller)" : String.join(" ", new TreeSet<>(fp.readRoles())),
                codec.bindsRow() ? "bound (" + idStrategy + ")" : "not bound (" + (fp.mode() == EncryptionMode.DETERMINISTIC
                        ? "deterministic" : idStrategy) + ")", fp.legacy() ? "readable" : "refused"));
        return pm;
    }

    private void checkWidth(String table, String column, DatabaseField field, FieldPolicy fp, ValueType type)
            throws ConfigurationException {
        int declared = field.getLength() > 0 ? field.getLength() : 255;
        int maxBytes = fp.maxBytes() != null ? fp.maxBytes()
                : type.isText() || type.isBinary() ? declared : type.maxTextBytes();
        CiphertextFormat.Algorithm algorithm = fp.mode() == EncryptionMode.DETERMINISTIC
                ? CiphertextFormat.Algorithm.AES_256_SIV : CiphertextFormat.Algorithm.AES_256_GCM;
        int required = type.isBinary() ? maxBytes + algorithm.overhead() : CiphertextFormat.textLength(maxBytes, algorithm);
        int width = fp.columnLength() != null ? fp.columnLength() : type.isText() || type.isBinary() ? declared : 0;
        if (width >= required) {
            field.setLength(Math.max(field.getLength(), width));
            return;
        }
        if (!widen) {
            throw new ConfigurationException(ErrorCode.COLUMN_TOO_NARROW, table + "." + column, width, maxBytes, required,
                    fp.mode().name().toLowerCase(Locale.ROOT));
        }
        field.setLength(required);
    }

    private void addBlindIndex(ClassDescriptor d, EntityProtection p, ProtectedFieldMapping pm) {
        FieldCodec codec = pm.codec();
        String column = codec.column() + "_BIDX";
        BlindIndexAccessor accessor = new BlindIndexAccessor(pm, codec, crypto.blindIndexer(policy.blindIndexBits()), tenant);
        String name = "custos_" + pm.getAttributeName() + "_bidx";
        accessor.setAttributeName(name);
        DirectToFieldMapping index = new DirectToFieldMapping();
        index.setAttributeName(name);
        index.setAttributeAccessor(accessor);
        DatabaseField field = new DatabaseField(column, codec.table());
        field.setLength(BLIND_INDEX_WIDTH);
        field.setType(String.class);
        index.setField(field);
        index.setAttributeClassification(String.class);
        d.addMapping(index);
        IndexDefinition def = new IndexDefinition();
        def.setName(("IX_" + codec.table() + "_" + column).toUpperCase(Locale.ROOT));
        def.setTargetTable(codec.table());
        def.addField(column);
        d.getTable(codec.table()).addIndex(def);
        p.addIndex(pm.getAttributeName(), accessor, column);
        pm.index(index);
    }

    private ConfigurationException notProtectable(String entity, String attribute, String why) {
        return new ConfigurationException(ErrorCode.FIELD_NOT_PROTECTABLE, entity, attribute, why);
    }

    /** Attributes carrying {@code @Protected} on the field or its getter, in the class and its superclasses. */
    static Map<String, FieldSpec> annotated(Class<?> type) {
        Map<String, FieldSpec> out = new LinkedHashMap<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                Protected p = f.getAnnotation(Protected.class);
                if (p != null) {
                    out.putIfAbsent(f.getName(), FieldSpec.of(p));
                }
            }
            for (Method m : c.getDeclaredMethods()) {
                Protected p = m.getAnnotation(Protected.class);
                if (p != null && m.getName().startsWith("get") && m.getName().length() > 3) {
                    String name = Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4);
                    out.putIfAbsent(name, FieldSpec.of(p));
                }
            }
        }
        return out;
    }

    private static Class<?> javaType(Class<?> type, String attribute) {
        String getter = "get" + Character.toUpperCase(attribute.charAt(0)) + attribute.substring(1);
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.getName().equals(attribute)) {
                    return f.getType();
                }
            }
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(getter) && m.getParameterCount() == 0) {
                    return m.getReturnType();
                }
            }
        }
        return null;
    }

    static boolean isId(Class<?> type, String attribute) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.getName().equals(attribute) && (f.isAnnotationPresent(Id.class)
                        || f.isAnnotationPresent(jakarta.persistence.EmbeddedId.class))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The generation strategy of the entity's id: IDENTITY, SEQUENCE, TABLE, AUTO, UUID or ASSIGNED. */
    static String idStrategy(Class<?> type) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.isAnnotationPresent(Id.class)) {
                    return strategy(f);
                }
            }
            for (Method m : c.getDeclaredMethods()) {
                if (m.isAnnotationPresent(Id.class)) {
                    return strategy(m);
                }
            }
        }
        return "ASSIGNED";
    }

    private static String strategy(AnnotatedElement e) {
        GeneratedValue g = e.getAnnotation(GeneratedValue.class);
        if (g == null) {
            return "ASSIGNED";
        }
        return g.strategy() == GenerationType.AUTO ? "AUTO" : g.strategy().name();
    }
}
