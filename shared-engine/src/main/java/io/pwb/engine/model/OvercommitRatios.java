package io.pwb.engine.model;

/** How far each resource of a host may be promised beyond its physical capacity (1.0 = no overcommit). */
public record OvercommitRatios(double cpu, double memory, double network, double disk) {

    public static final OvercommitRatios NONE = new OvercommitRatios(1, 1, 1, 1);

    public OvercommitRatios {
        for (double r : new double[]{cpu, memory, network, disk}) {
            if (!Double.isFinite(r) || r <= 0) {
                throw new IllegalArgumentException("overcommit ratios must be finite and positive, got " + r);
            }
        }
    }

    public static OvercommitRatios of(double cpu, double memory) {
        return new OvercommitRatios(cpu, memory, 1, 1);
    }

    public double get(Resource r) {
        return switch (r) {
            case CPU_MHZ -> cpu;
            case MEMORY_BYTES -> memory;
            case NETWORK_BYTES_PER_SECOND -> network;
            case DISK_BYTES_PER_SECOND -> disk;
        };
    }
}
