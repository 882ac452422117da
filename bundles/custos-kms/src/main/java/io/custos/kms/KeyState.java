package io.custos.kms;

import java.util.EnumSet;
import java.util.Set;

/**
 * The lifecycle states of a key version, after KMIP 2.1 section 3.30 and NIST SP 800-57 Part 1 section 7.
 * Transitions are checked against {@link #canBecome(KeyState)}; the table is documented in
 * {@code docs/keys.md}.
 *
 * <h2>Security guarantees</h2>
 * {@link #mayEncrypt()} and {@link #mayDecrypt()} are what the KMS checks before handing out a key;
 * destroyed states have no material left in the store.
 */
public enum KeyState {
    /** Generated but not yet usable. */
    PRE_ACTIVE("pre-active"),
    /** Encrypts (if it is the scope's current version) and decrypts. */
    ACTIVE("active"),
    /** Decrypts only; never encrypts again. */
    DEACTIVATED("deactivated"),
    /** Suspected or known to be disclosed: decrypts only (so data can be re-encrypted), never encrypts. */
    COMPROMISED("compromised"),
    /** Material erased: nothing under it can be read. */
    DESTROYED("destroyed"),
    /** Material erased after a compromise. */
    DESTROYED_COMPROMISED("destroyed-compromised");

    private final String label;

    KeyState(String label) {
        this.label = label;
    }

    /** The lower-case name used in messages, audit events and docs. */
    public String label() {
        return label;
    }

    /** The states this one may move to. */
    public Set<KeyState> successors() {
        return switch (this) {
            case PRE_ACTIVE -> EnumSet.of(ACTIVE, COMPROMISED, DESTROYED);
            case ACTIVE -> EnumSet.of(DEACTIVATED, COMPROMISED);
            case DEACTIVATED -> EnumSet.of(COMPROMISED, DESTROYED);
            case COMPROMISED, DESTROYED -> EnumSet.of(DESTROYED_COMPROMISED);
            case DESTROYED_COMPROMISED -> EnumSet.noneOf(KeyState.class);
        };
    }

    public boolean canBecome(KeyState next) {
        return successors().contains(next);
    }

    public boolean mayEncrypt() {
        return this == ACTIVE;
    }

    public boolean mayDecrypt() {
        return this == ACTIVE || this == DEACTIVATED || this == COMPROMISED;
    }

    public boolean isDestroyed() {
        return this == DESTROYED || this == DESTROYED_COMPROMISED;
    }

    @Override
    public String toString() {
        return label;
    }
}
