package io.custos.crypto;

import io.custos.api.MaskStyle;
import java.util.Locale;

/**
 * Pure, deterministic masking functions by data type. The same input always gives the same output; no
 * function reveals the length of what it hides. {@code null} stays {@code null}.
 *
 * <h2>Security guarantees</h2>
 * A masked value is derived from the plaintext but never contains more than the style allows: the last
 * four characters, initials, a year, or the first character and the domain of an e-mail address.
 */
public final class Masking {
    /** What replaces hidden characters. */
    public static final String MARK = "****";

    private Masking() {
    }

    /** Applies {@code style}; {@link MaskStyle#INHERIT} is treated as {@link MaskStyle#REDACT}. */
    public static String apply(MaskStyle style, String value) {
        if (value == null) {
            return null;
        }
        return switch (style) {
            case LAST4 -> last4(value);
            case INITIALS -> initials(value);
            case YEAR -> year(value);
            case EMAIL -> email(value);
            case REDACT, INHERIT -> redact(value);
        };
    }

    /** Always {@value #MARK}. */
    public static String redact(String value) {
        return value == null ? null : MARK;
    }

    /** {@code ****} followed by the last four characters; values of four or fewer are fully hidden. */
    public static String last4(String value) {
        if (value == null) {
            return null;
        }
        int count = value.codePointCount(0, value.length());
        if (count <= 4) {
            return MARK;
        }
        return MARK + value.substring(value.offsetByCodePoints(0, count - 4));
    }

    /** The first letter of each word, upper-cased, each followed by a dot: {@code "Li Wei" -> "L. W."}. */
    public static String initials(String value) {
        if (value == null) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        for (String word : value.trim().split("[\\s\\-]+")) {
            if (!word.isEmpty()) {
                if (out.length() > 0) {
                    out.append(' ');
                }
                out.appendCodePoint(Character.toUpperCase(word.codePointAt(0))).append('.');
            }
        }
        return out.length() == 0 ? MARK : out.toString();
    }

    /** The year of an ISO-8601 date or date-time ({@code 1984-03-12 -> 1984}); anything else is redacted. */
    public static String year(String value) {
        if (value == null) {
            return null;
        }
        String v = value.trim();
        if (v.length() >= 4 && v.chars().limit(4).allMatch(c -> c >= '0' && c <= '9')
                && (v.length() == 4 || v.charAt(4) == '-')) {
            return v.substring(0, 4);
        }
        return MARK;
    }

    /** {@code li.wei@example.com -> l****@example.com}; anything that is not an address is redacted. */
    public static String email(String value) {
        if (value == null) {
            return null;
        }
        int at = value.lastIndexOf('@');
        if (at <= 0 || at == value.length() - 1) {
            return MARK;
        }
        return value.substring(0, value.offsetByCodePoints(0, 1)) + MARK + value.substring(at).toLowerCase(Locale.ROOT);
    }
}
