package io.pwb.engine.runtime;

import io.pwb.engine.model.EntityKind;
import io.pwb.engine.model.Host;
import io.pwb.engine.model.Metric;
import io.pwb.engine.model.Resource;
import io.pwb.engine.model.Vm;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Observed utilisation of a host from the newest samples: the host's own CPU percent when it reports one,
 * otherwise the sum of its VMs' observed CPU over its schedulable CPU; memory likewise. The busiest of the two
 * is what a shadow's verification compares with its prediction.
 */
final class ObservedLoad {
    private ObservedLoad() {
    }

    /** Utilisation of a host (0..1+, busiest resource) as of the newest sample it was computed from. */
    record Observation(double utilisation, long atSeconds) {
    }

    /**
     * The utilisation and when it was observed (the newest contributing sample), so that a caller polling more
     * often than samples arrive can tell a new observation from the same one seen again. Empty when nothing was
     * observed recently.
     */
    static Optional<Observation> observe(Host host, Collection<Vm> residents, Map<SeriesKey, LatestValue> latest,
                                         long notBeforeSeconds) {
        OptionalDouble cpu = hostCpu(host, residents, latest, notBeforeSeconds);
        OptionalDouble mem = vmSum(host, residents, latest, notBeforeSeconds, Resource.MEMORY_BYTES);
        if (cpu.isEmpty() && mem.isEmpty()) {
            return Optional.empty();
        }
        long at = newest(latest.get(new SeriesKey(EntityKind.HOST, host.id(), Metric.CPU_PERCENT)), notBeforeSeconds);
        for (Vm vm : residents) {
            for (Metric m : new Metric[]{Metric.CPU_MHZ, Metric.CPU_PERCENT, Metric.MEMORY_BYTES}) {
                at = Math.max(at, newest(latest.get(new SeriesKey(EntityKind.VM, vm.id(), m)), notBeforeSeconds));
            }
        }
        return Optional.of(new Observation(Math.max(cpu.orElse(0), mem.orElse(0)), at));
    }

    private static long newest(LatestValue v, long notBefore) {
        LatestValue f = fresh(v, notBefore);
        return f == null ? Long.MIN_VALUE : f.timestampSeconds();
    }

    private static OptionalDouble hostCpu(Host host, Collection<Vm> residents, Map<SeriesKey, LatestValue> latest,
                                          long notBefore) {
        LatestValue own = fresh(latest.get(new SeriesKey(EntityKind.HOST, host.id(), Metric.CPU_PERCENT)), notBefore);
        if (own != null) {
            return OptionalDouble.of(own.value() / 100.0);
        }
        return vmSum(host, residents, latest, notBefore, Resource.CPU_MHZ);
    }

    private static OptionalDouble vmSum(Host host, Collection<Vm> residents, Map<SeriesKey, LatestValue> latest,
                                        long notBefore, Resource resource) {
        double capacity = host.schedulable(resource);
        if (capacity <= 0) {
            return OptionalDouble.empty();
        }
        double sum = 0;
        boolean any = false;
        for (Vm vm : residents) {
            double v = observed(vm, latest, notBefore, resource);
            if (!Double.isNaN(v)) {
                sum += v;
                any = true;
            }
        }
        return any ? OptionalDouble.of(sum / capacity) : OptionalDouble.empty();
    }

    private static double observed(Vm vm, Map<SeriesKey, LatestValue> latest, long notBefore, Resource resource) {
        if (resource == Resource.MEMORY_BYTES) {
            LatestValue m = fresh(latest.get(new SeriesKey(EntityKind.VM, vm.id(), Metric.MEMORY_BYTES)), notBefore);
            return m == null ? Double.NaN : m.value();
        }
        LatestValue mhz = fresh(latest.get(new SeriesKey(EntityKind.VM, vm.id(), Metric.CPU_MHZ)), notBefore);
        if (mhz != null) {
            return mhz.value();
        }
        LatestValue pct = fresh(latest.get(new SeriesKey(EntityKind.VM, vm.id(), Metric.CPU_PERCENT)), notBefore);
        return pct == null ? Double.NaN : pct.value() / 100.0 * vm.size().cpuMhz();
    }

    private static LatestValue fresh(LatestValue v, long notBefore) {
        return v != null && v.timestampSeconds() >= notBefore ? v : null;
    }
}
