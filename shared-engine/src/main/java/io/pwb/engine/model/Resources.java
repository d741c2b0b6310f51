package io.pwb.engine.model;

/**
 * An amount of each {@link Resource}: a host's capacity, a VM's demand or a reservation.
 * Network and disk are 0 when not modelled.
 */
public record Resources(double cpuMhz, double memoryBytes, double networkBytesPerSecond, double diskBytesPerSecond) {

    public static final Resources ZERO = new Resources(0, 0, 0, 0);

    public Resources {
        check("cpuMhz", cpuMhz);
        check("memoryBytes", memoryBytes);
        check("networkBytesPerSecond", networkBytesPerSecond);
        check("diskBytesPerSecond", diskBytesPerSecond);
    }

    private static void check(String name, double v) {
        if (!Double.isFinite(v) || v < 0) {
            throw new IllegalArgumentException(name + " must be finite and non-negative, got " + v);
        }
    }

    /** CPU and memory only. */
    public static Resources of(double cpuMhz, double memoryBytes) {
        return new Resources(cpuMhz, memoryBytes, 0, 0);
    }

    /** Builds from a per-resource array indexed by {@link Resource#ordinal()}. */
    public static Resources fromArray(double[] byResource) {
        return new Resources(byResource[0], byResource[1], byResource[2], byResource[3]);
    }

    public double get(Resource r) {
        return switch (r) {
            case CPU_MHZ -> cpuMhz;
            case MEMORY_BYTES -> memoryBytes;
            case NETWORK_BYTES_PER_SECOND -> networkBytesPerSecond;
            case DISK_BYTES_PER_SECOND -> diskBytesPerSecond;
        };
    }
}
