package io.custos.spi;

import io.custos.api.DataClass;
import io.custos.api.ProtectionContext;
import java.util.Objects;

/**
 * Which key a new ciphertext is made with: a tenant partition, a data class, optionally a data subject
 * (one patient's own key, for crypto-shredding), and a usage.
 *
 * @param tenant    the tenant partition
 * @param dataClass the data class
 * @param subject   the data subject, or {@code null} for the class-wide key
 * @param usage     what the key is for
 */
public record KeyScope(String tenant, DataClass dataClass, String subject, KeyUsage usage) {
    public KeyScope {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(dataClass, "dataClass");
        Objects.requireNonNull(usage, "usage");
    }

    public static KeyScope of(ProtectionContext context, KeyUsage usage) {
        return new KeyScope(context.tenant(), context.dataClass(), context.subject().orElse(null), usage);
    }

    // written out rather than generated: a scope is looked up for every value encrypted
    @Override
    public boolean equals(Object o) {
        return o == this || (o instanceof KeyScope other && usage == other.usage && dataClass == other.dataClass
                && tenant.equals(other.tenant) && Objects.equals(subject, other.subject));
    }

    @Override
    public int hashCode() {
        int h = tenant.hashCode();
        h = 31 * h + dataClass.ordinal();
        h = 31 * h + (subject == null ? 0 : subject.hashCode());
        return 31 * h + usage.ordinal();
    }
}
