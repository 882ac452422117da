package io.custos.spi;

/**
 * The health of a provider.
 *
 * @param status UP, DEGRADED (working from cached keys) or DOWN
 * @param detail a short reason with ids and names only
 */
public record ProviderHealth(Status status, String detail) {
    public enum Status { UP, DEGRADED, DOWN }

    public static ProviderHealth up(String detail) {
        return new ProviderHealth(Status.UP, detail);
    }

    public static ProviderHealth down(String detail) {
        return new ProviderHealth(Status.DOWN, detail);
    }

    public boolean isUp() {
        return status == Status.UP;
    }
}
