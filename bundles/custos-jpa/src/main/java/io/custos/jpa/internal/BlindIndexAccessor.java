package io.custos.jpa.internal;

import io.custos.api.BlindIndexer;
import io.custos.api.error.CryptoException;
import io.custos.api.error.ErrorCode;
import io.custos.jpa.ProtectedValueException;
import java.util.List;
import org.eclipse.persistence.mappings.AttributeAccessor;
import org.eclipse.persistence.mappings.DatabaseMapping;

/**
 * The accessor of a virtual attribute whose value is the blind index of a protected attribute: computed
 * from the entity's plaintext when EclipseLink writes the row, ignored when it reads one. The entity
 * class has no field for it.
 */
public final class BlindIndexAccessor extends AttributeAccessor {
    private static final long serialVersionUID = 1L;

    private final transient DatabaseMapping source;
    private final transient FieldCodec codec;
    private final transient BlindIndexer indexer;
    private final String tenant;

    BlindIndexAccessor(DatabaseMapping source, FieldCodec codec, BlindIndexer indexer, String tenant) {
        this.source = source;
        this.codec = codec;
        this.indexer = indexer;
        this.tenant = tenant;
    }

    @Override
    public Object getAttributeValueFromObject(Object object) {
        Object value = source.getAttributeValueFromObject(object);
        return value == null ? null : index(codec.type().toText(value));
    }

    /** The index of {@code plaintext} in this column. */
    public String index(String plaintext) {
        try {
            return indexer.index(plaintext, codec.context(tenant));
        } catch (CryptoException e) {
            throw new ProtectedValueException(ErrorCode.FIELD_UNWRITABLE, e, codec.policy().entity(),
                    codec.policy().attribute() + " (blind index)", "(any)", e.getMessage());
        }
    }

    /** The index of {@code plaintext} under every usable version of the index key, the current one first. */
    public List<String> indexes(String plaintext) {
        try {
            return indexer.indexes(plaintext, codec.context(tenant));
        } catch (CryptoException e) {
            throw new ProtectedValueException(ErrorCode.FIELD_UNWRITABLE, e, codec.policy().entity(),
                    codec.policy().attribute() + " (blind index)", "(search)", e.getMessage());
        }
    }

    @Override
    public void setAttributeValueInObject(Object object, Object value) {
        // the index is derived from the protected attribute; nothing to store in the entity
    }

    @Override
    public Class<?> getAttributeClass() {
        return String.class;
    }
}
