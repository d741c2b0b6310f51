package io.pwb.engine.model;

/**
 * The metrics PWB collects, forecasts and plans with. One vocabulary across code, API, metrics and docs:
 * the {@link #key()} is what appears in JSON, Kafka messages and REST paths.
 */
public enum Metric {
    /** CPU in percent of the entity's own vCPUs (or host cores): 0..100, may exceed 100 on some traces. */
    CPU_PERCENT("cpu_percent", "percent"),
    /** Absolute CPU demand in MHz, comparable across hosts. */
    CPU_MHZ("cpu_mhz", "MHz"),
    MEMORY_BYTES("memory_bytes", "bytes"),
    NETWORK_RX_BYTES_PER_SECOND("network_rx_bytes_per_second", "bytes/s"),
    NETWORK_TX_BYTES_PER_SECOND("network_tx_bytes_per_second", "bytes/s"),
    DISK_READ_BYTES_PER_SECOND("disk_read_bytes_per_second", "bytes/s"),
    DISK_WRITE_BYTES_PER_SECOND("disk_write_bytes_per_second", "bytes/s"),
    POWER_WATTS("power_watts", "W");

    private final String key;
    private final String unit;

    Metric(String key, String unit) {
        this.key = key;
        this.unit = unit;
    }

    public String key() {
        return key;
    }

    public String unit() {
        return unit;
    }

    /** Parses a metric key such as {@code cpu_percent}; the enum name is accepted too. */
    public static java.util.Optional<Metric> fromKey(String key) {
        if (key == null) {
            return java.util.Optional.empty();
        }
        for (Metric m : values()) {
            if (m.key.equalsIgnoreCase(key) || m.name().equalsIgnoreCase(key)) {
                return java.util.Optional.of(m);
            }
        }
        return java.util.Optional.empty();
    }
}
