package io.pwb.engine.replay;

import java.util.List;

/**
 * Per-step series of a replay for the HTML report.
 *
 * @param stepSeconds         step length
 * @param hostUtilisation     [step][host] mean utilisation over the step, NaN when the host was off
 * @param overloadedHosts     hosts with demand above capacity at some time in the step
 * @param migrations          migrations started per step
 * @param activeHosts         hosts carrying VMs per step
 * @param forecasts           forecast against actual for a few VMs (empty when the policy does not forecast)
 * @param warmupSteps         leading steps in which policies only observed and nothing was measured
 * @param hostIds             host ids in the order of {@code hostUtilisation}'s columns
 */
public record ReplayTimeline(int stepSeconds, float[][] hostUtilisation, int[] overloadedHosts, int[] migrations,
                             int[] activeHosts, List<VmForecastSeries> forecasts, int warmupSteps,
                             List<String> hostIds) {

    /** One VM's utilisation (0..1) and the policy's one-step forecast of it per step (NaN when none was made). */
    public record VmForecastSeries(String vmId, double[] actual, double[] forecast) {
    }
}
