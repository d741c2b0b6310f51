package io.pwb.engine.sim;

/**
 * Physical accounting of one simulated step, indexed like the platform's host and VM lists. The replay metrics
 * (energy, SLATAH, PDM, overload minutes) are computed from these records only.
 *
 * @param hostDemandMips       time-averaged CPU demanded from each host
 * @param hostActiveSeconds    seconds each host was active (carried or received a VM)
 * @param hostOverloadSeconds  seconds each host's demand exceeded its capacity
 * @param hostEnergyJoules     energy each host drew
 * @param vmRequestedMipsSeconds CPU each VM asked for (MIPS x seconds)
 * @param vmMigrationLossMipsSeconds CPU each VM lost because it was migrating (10 % of its demand while moving)
 * @param migrationsStarted    migrations started at the beginning of the step
 * @param migrationsCompleted  migrations that finished successfully within the step
 * @param migrationsFailed     migrations that ended in failure within the step
 */
public record StepRecord(long step, int stepSeconds, double[] hostDemandMips, double[] hostActiveSeconds,
                         double[] hostOverloadSeconds, double[] hostEnergyJoules, double[] vmRequestedMipsSeconds,
                         double[] vmMigrationLossMipsSeconds, int migrationsStarted, int migrationsCompleted,
                         int migrationsFailed) {
}
