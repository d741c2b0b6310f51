package io.pwb.engine.replay;

/**
 * The outcome of one replay, as printed by {@code ./pwb replay --json}. Ratios are fractions (0.05 = 5 %).
 *
 * @param energyKwh                   energy drawn by all hosts (0 W for switched-off hosts)
 * @param noPowerManagementKwh        energy had every host drawn its full power all the time (CloudSim's "NPA")
 * @param slatah                      mean over hosts of the fraction of their active time spent with demand above capacity
 * @param pdm                         mean over VMs of CPU lost to migration over CPU requested
 * @param slav                        SLATAH x PDM
 * @param esv                         energy (kWh) x SLAV
 * @param migrations                  migrations started
 * @param failedMigrations            migrations that failed (injected failures)
 * @param overloadHostMinutes         host-minutes with demand above capacity
 * @param highUtilizationHostMinutes  host-minutes with mean demand above the scenario's high-utilisation threshold
 * @param p99HostUtilisation          99th percentile of active hosts' utilisation per step
 * @param forecastMaePercent          mean absolute error of the policy's one-step VM forecasts, CPU percentage points
 *                                    (null when the policy does not forecast)
 */
public record ReplayResult(String policy, String mode, String scenario, String label, long seed, int vms, int hosts,
                           int steps, double energyKwh, double noPowerManagementKwh, double slatah, double pdm,
                           double slav, double esv, long migrations, long failedMigrations,
                           double overloadHostMinutes, double highUtilizationHostMinutes, double p99HostUtilisation,
                           Double forecastMaePercent, double elapsedSeconds) {

    /** The policy as tables name it: with its mode when it has one (e.g. {@code pwb balance}). */
    public String policyLabel() {
        return mode == null ? policy : policy + " " + mode;
    }
}
