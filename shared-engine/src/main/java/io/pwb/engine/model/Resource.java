package io.pwb.engine.model;

/**
 * A host resource that VMs consume and PWB plans with. CPU and memory are always constrained; network and disk
 * are constrained only on hosts that report a capacity for them (a capacity of 0 means "not modelled").
 */
public enum Resource {
    CPU_MHZ("cpu_mhz", "MHz", true),
    MEMORY_BYTES("memory_bytes", "bytes", true),
    NETWORK_BYTES_PER_SECOND("network_bytes_per_second", "bytes/s", false),
    DISK_BYTES_PER_SECOND("disk_bytes_per_second", "bytes/s", false);

    /** Number of resources, for flat per-resource arrays indexed by {@link #ordinal()}. */
    public static final int COUNT = values().length;
    private static final Resource[] ALL = values();

    private final String key;
    private final String unit;
    private final boolean alwaysConstrained;

    Resource(String key, String unit, boolean alwaysConstrained) {
        this.key = key;
        this.unit = unit;
        this.alwaysConstrained = alwaysConstrained;
    }

    public String key() {
        return key;
    }

    public String unit() {
        return unit;
    }

    /** True for CPU and memory: a host with zero capacity of it can hold nothing. */
    public boolean alwaysConstrained() {
        return alwaysConstrained;
    }

    public static Resource of(int ordinal) {
        return ALL[ordinal];
    }
}
