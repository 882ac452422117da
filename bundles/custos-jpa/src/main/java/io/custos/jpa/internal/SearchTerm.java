package io.custos.jpa.internal;

/**
 * A value already in its stored form (a deterministic ciphertext under one key version), placed in a
 * rewritten query by {@link EqualitySearch}. {@link ProtectedFieldMapping#getFieldValue} passes it
 * through instead of encrypting it again. Applications cannot make one: the package is private to the
 * bundle.
 */
final class SearchTerm {
    private final Object stored;

    SearchTerm(Object stored) {
        this.stored = stored;
    }

    Object stored() {
        return stored;
    }

    @Override
    public String toString() {
        return "SearchTerm";
    }
}
