package io.custos.jpa.spi;

import io.custos.api.error.CryptoException;
import io.custos.spi.DataKeySource;
import io.custos.spi.Identified;
import java.util.Map;

/**
 * Creates the data-key source, chosen by the property {@code custos.key-source} (its {@link #id()}):
 * the KMS in production; {@code in-memory} (built in, keys lost at restart) for demos and tests.
 */
@org.osgi.annotation.versioning.ConsumerType
public interface KeySourceFactory extends Identified {

    /**
     * @param properties configuration (persistence-unit properties or MicroProfile Config values)
     * @throws CryptoException if the source cannot be created
     */
    DataKeySource create(Map<String, Object> properties) throws CryptoException;
}
