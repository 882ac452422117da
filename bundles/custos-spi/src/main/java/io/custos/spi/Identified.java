package io.custos.spi;

/** Something chosen by a configured id. */
public interface Identified {
    /** A short, stable, lower-case id such as {@code software} or {@code pkcs11}. */
    String id();
}
