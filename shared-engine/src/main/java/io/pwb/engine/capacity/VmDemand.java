package io.pwb.engine.capacity;

import io.pwb.engine.model.Resource;
import io.pwb.engine.model.Resources;
import io.pwb.engine.model.VmSize;

/**
 * A VM's predicted demand per resource and horizon step, and whether the prediction may be acted on.
 * Arrays are flat, index {@code resource.ordinal() * steps + step} (step 0 = one step ahead).
 *
 * @param vmId            the VM
 * @param steps           horizon steps
 * @param upper           upper bound per resource and step (what capacity checks use)
 * @param point           point forecast per resource and step
 * @param trusted         false when the VM must not be moved (training, NaN, missing or short forecasts)
 * @param untrustedReason why not, or null
 * @param forecastSummary which forecasts were used, for explanations
 * @param recentPeakCpu   highest CPU demand over the VM's last day (MHz), at least its forecast points
 */
public record VmDemand(String vmId, int steps, double[] upper, double[] point, boolean trusted,
                       String untrustedReason, String forecastSummary, double recentPeakCpu) {

    public double upper(Resource r, int step) {
        return upper[r.ordinal() * steps + step];
    }

    public double point(Resource r, int step) {
        return point[r.ordinal() * steps + step];
    }

    /**
     * How far the VM's CPU demand could jump from its next forecast point, judged by how high it has been lately:
     * an idle VM that ran at full size an hour ago may do so again within one step, which no smooth forecast shows.
     */
    public double burstCpu() {
        return Math.max(0, recentPeakCpu - point(Resource.CPU_MHZ, 0));
    }

    /** Highest upper bound of a resource over the horizon. */
    public double peakUpper(Resource r) {
        double max = 0;
        int base = r.ordinal() * steps;
        for (int s = 0; s < steps; s++) {
            max = Math.max(max, upper[base + s]);
        }
        return max;
    }

    /**
     * This VM planned at its configured size: CPU and memory at {@code size} at every step (a hard ceiling of what
     * the VM can use, whatever its forecasts say), network and disk at their upper bounds. Trusted, because no
     * forecast is involved; the cost-mode planner uses it to move VMs whose forecasts cannot be trusted yet.
     */
    public VmDemand atConfiguredSize(VmSize size) {
        double[] bound = upper.clone();
        int cpu = Resource.CPU_MHZ.ordinal() * steps;
        int mem = Resource.MEMORY_BYTES.ordinal() * steps;
        for (int s = 0; s < steps; s++) {
            bound[cpu + s] = size.cpuMhz();
            bound[mem + s] = size.memoryBytes();
        }
        return new VmDemand(vmId, steps, bound, bound.clone(), true, null,
                "configured size (forecasts not trusted yet: " + untrustedReason + ")", size.cpuMhz());
    }

    /** Peak upper bound of every resource: what a shadow reserves on the target. */
    public Resources peakUpper() {
        return new Resources(peakUpper(Resource.CPU_MHZ), peakUpper(Resource.MEMORY_BYTES),
                peakUpper(Resource.NETWORK_BYTES_PER_SECOND), peakUpper(Resource.DISK_BYTES_PER_SECOND));
    }
}
