package io.pwb.engine.capacity;

import io.pwb.engine.model.Resource;
import io.pwb.engine.model.Vm;

import java.util.ArrayList;
import java.util.List;

/**
 * How exposed each host is to a sudden jump of one of its VMs: the CPU its VMs are forecast to use at the next step
 * plus the largest {@link VmDemand#burstCpu() burst} one of them has shown lately, over the host's CPU capacity.
 * Above 1 the host would overload if that VM jumped back to its recent peak, although its forecasts (smooth by
 * nature) may stay under the threshold. One VM's burst is counted, not the sum: bursts of different VMs rarely
 * coincide, and counting all of them would call every host exposed.
 *
 * <p>VMs count where they will be once pending moves complete (their reservation target, else their host). The
 * view is immutable: take a new one after planning a move.
 */
public final class BurstExposure {
    private final ClusterProjection projection;
    private final List<List<VmDemand>> members;

    private BurstExposure(ClusterProjection projection, List<List<VmDemand>> members) {
        this.projection = projection;
        this.members = members;
    }

    public static BurstExposure of(ClusterProjection p) {
        List<List<VmDemand>> members = new ArrayList<>(p.hostCount());
        for (int h = 0; h < p.hostCount(); h++) {
            members.add(new ArrayList<>());
        }
        for (Vm vm : p.snapshot().vms()) {
            VmDemand d = p.demand(vm.id());
            int h = p.arrivingOn(vm.id());
            if (h < 0 && vm.hostId() != null) {
                h = p.indexOf(vm.hostId());
            }
            if (d != null && h >= 0) {
                members.get(h).add(d);
            }
        }
        return new BurstExposure(p, members);
    }

    /** Host h's exposure (+inf when it has VMs but no CPU capacity). */
    public double exposure(int h) {
        return exposure(h, null, null);
    }

    /** Host h's exposure once the VM {@code vmId} has left it. */
    public double exposureWithout(int h, String vmId) {
        return exposure(h, vmId, null);
    }

    /** Host h's exposure once {@code arriving} has joined it. */
    public double exposureWith(int h, VmDemand arriving) {
        return exposure(h, null, arriving);
    }

    /** The VM on host h with the largest burst, or null when none has one. */
    public VmDemand largestBurst(int h) {
        VmDemand largest = null;
        for (VmDemand d : members.get(h)) {
            if (d.burstCpu() > 0 && (largest == null || d.burstCpu() > largest.burstCpu())) {
                largest = d;
            }
        }
        return largest;
    }

    private double exposure(int h, String leaving, VmDemand arriving) {
        double points = 0;
        double burst = 0;
        for (VmDemand d : members.get(h)) {
            if (!d.vmId().equals(leaving)) {
                points += d.point(Resource.CPU_MHZ, 0);
                burst = Math.max(burst, d.burstCpu());
            }
        }
        if (arriving != null) {
            points += arriving.point(Resource.CPU_MHZ, 0);
            burst = Math.max(burst, arriving.burstCpu());
        }
        double capacity = projection.capacity(h, Resource.CPU_MHZ, 0);
        if (capacity <= 0) {
            return points + burst > 0 ? Double.POSITIVE_INFINITY : 0;
        }
        return (points + burst) / capacity;
    }
}
