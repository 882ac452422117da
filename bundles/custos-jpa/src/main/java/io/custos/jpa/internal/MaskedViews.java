package io.custos.jpa.internal;

import java.util.Set;

/** Which attributes of which view objects hold masked values, so a merge never copies them back. */
public final class MaskedViews {
    private final WeakIdentityMap<Set<String>> views = new WeakIdentityMap<>();

    void register(Object view, Set<String> maskedAttributes) {
        if (!maskedAttributes.isEmpty()) {
            views.put(view, Set.copyOf(maskedAttributes));
        }
    }

    /** Whether {@code attribute} of {@code object} holds a masked value. */
    public boolean isMasked(Object object, String attribute) {
        Set<String> masked = views.get(object);
        return masked != null && masked.contains(attribute);
    }
}
