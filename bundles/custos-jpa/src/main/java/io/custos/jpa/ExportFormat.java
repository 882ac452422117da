package io.custos.jpa;

/** The formats of pseudonymised exports. */
public enum ExportFormat {
    /** RFC 4180 CSV with a header line; cells that a spreadsheet would run as a formula are prefixed with {@code '}. */
    CSV,
    /** A JSON array of objects, one per row, values as strings. */
    JSON
}
