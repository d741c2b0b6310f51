package io.pwb.ovirt.collector;

import io.pwb.engine.forecast.Forecast;
import io.pwb.engine.forecast.ForecastConfig;
import io.pwb.engine.forecast.Forecasters;
import io.pwb.engine.forecast.SeriesForecaster;
import io.pwb.engine.model.EntityKind;
import io.pwb.engine.model.Metric;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** One forecaster per VM and metric, fed with collected samples; forgets VMs that disappear. */
public final class OvirtForecasts {

    /** The VM metrics that become demand: CPU in MHz, memory, network and disk. */
    static final Set<Metric> VM_METRICS = Set.of(Metric.CPU_MHZ, Metric.MEMORY_BYTES,
            Metric.NETWORK_RX_BYTES_PER_SECOND, Metric.NETWORK_TX_BYTES_PER_SECOND,
            Metric.DISK_READ_BYTES_PER_SECOND, Metric.DISK_WRITE_BYTES_PER_SECOND);

    private final ForecastConfig config;
    private final Map<String, Map<Metric, SeriesForecaster>> byVm = new HashMap<>();

    public OvirtForecasts(ForecastConfig config) {
        this.config = config;
    }

    public ForecastConfig config() {
        return config;
    }

    public synchronized void offer(Iterable<OvirtSamples.Sample> samples) {
        for (OvirtSamples.Sample s : samples) {
            if (s.kind() != EntityKind.VM || !VM_METRICS.contains(s.metric())) {
                continue;
            }
            byVm.computeIfAbsent(s.entityId(), k -> new EnumMap<>(Metric.class))
                    .computeIfAbsent(s.metric(), m -> Forecasters.create(config))
                    .offer(s.at().getEpochSecond(), s.value());
        }
    }

    /** Forecasts of a VM over {@code horizonSteps}; empty when nothing was collected for it. */
    public synchronized Map<Metric, Forecast> of(String vmId, int horizonSteps) {
        Map<Metric, SeriesForecaster> series = byVm.get(vmId);
        if (series == null) {
            return Map.of();
        }
        Map<Metric, Forecast> out = new EnumMap<>(Metric.class);
        series.forEach((metric, f) -> out.put(metric, f.forecast(horizonSteps)));
        return out;
    }

    public synchronized void retainOnly(Set<String> vmIds) {
        byVm.keySet().retainAll(vmIds);
    }
}
