package io.custos.jpa.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.persistence.descriptors.ClassDescriptor;

/** The protected mappings of one entity class, by attribute name, plus their blind-index accessors. */
public final class EntityProtection {
    private final ClassDescriptor descriptor;
    private final Map<String, ProtectedFieldMapping> fields = new LinkedHashMap<>();
    private final Map<String, BlindIndexAccessor> indexes = new LinkedHashMap<>();
    private final Map<String, String> indexColumns = new LinkedHashMap<>();

    EntityProtection(ClassDescriptor descriptor) {
        this.descriptor = descriptor;
    }

    public ClassDescriptor descriptor() {
        return descriptor;
    }

    public Map<String, ProtectedFieldMapping> fields() {
        return fields;
    }

    public BlindIndexAccessor index(String attribute) {
        return indexes.get(attribute);
    }

    public String indexColumn(String attribute) {
        return indexColumns.get(attribute);
    }

    void add(ProtectedFieldMapping mapping) {
        fields.put(mapping.getAttributeName(), mapping);
    }

    void addIndex(String attribute, BlindIndexAccessor accessor, String column) {
        indexes.put(attribute, accessor);
        indexColumns.put(attribute, column);
    }
}
