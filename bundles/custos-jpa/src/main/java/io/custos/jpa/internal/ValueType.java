package io.custos.jpa.internal;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.function.Function;

/**
 * How an attribute type is turned into text before encryption and back. Only types with a canonical,
 * locale-free text form are accepted; anything else is refused at start-up.
 */
public enum ValueType {
    STRING(String.class, 0, s -> s),
    INTEGER(Integer.class, 11, Integer::valueOf),
    LONG(Long.class, 20, Long::valueOf),
    SHORT(Short.class, 6, Short::valueOf),
    BIG_DECIMAL(BigDecimal.class, 40, BigDecimal::new),
    BIG_INTEGER(BigInteger.class, 40, BigInteger::new),
    DOUBLE(Double.class, 25, Double::valueOf),
    BOOLEAN(Boolean.class, 5, Boolean::valueOf),
    LOCAL_DATE(LocalDate.class, 10, LocalDate::parse),
    LOCAL_DATE_TIME(LocalDateTime.class, 29, LocalDateTime::parse),
    LOCAL_TIME(LocalTime.class, 18, LocalTime::parse),
    OFFSET_DATE_TIME(OffsetDateTime.class, 35, OffsetDateTime::parse),
    INSTANT(Instant.class, 30, Instant::parse),
    UUID_TYPE(UUID.class, 36, UUID::fromString),
    BYTES(byte[].class, 0, null);

    private final Class<?> type;
    private final int textBytes;
    private final Function<String, Object> parser;

    ValueType(Class<?> type, int textBytes, Function<String, Object> parser) {
        this.type = type;
        this.textBytes = textBytes;
        this.parser = parser;
    }

    /** The value type of an attribute class, or {@code null} if it cannot be protected. */
    public static ValueType of(Class<?> attribute) {
        Class<?> boxed = box(attribute);
        for (ValueType t : values()) {
            if (t.type == boxed) {
                return t;
            }
        }
        return null;
    }

    public Class<?> type() {
        return type;
    }

    public boolean isText() {
        return this == STRING;
    }

    public boolean isBinary() {
        return this == BYTES;
    }

    /** The longest text form in bytes for types with a bounded form; 0 for strings and bytes. */
    public int maxTextBytes() {
        return textBytes;
    }

    public String toText(Object value) {
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        return value.toString();
    }

    public Object fromText(String text) {
        return parser.apply(text);
    }

    private static Class<?> box(Class<?> c) {
        if (!c.isPrimitive()) {
            return c;
        }
        if (c == int.class) {
            return Integer.class;
        }
        if (c == long.class) {
            return Long.class;
        }
        if (c == short.class) {
            return Short.class;
        }
        if (c == double.class) {
            return Double.class;
        }
        if (c == boolean.class) {
            return Boolean.class;
        }
        return c;
    }
}
