package io.pwb.engine.replay;

import io.pwb.engine.sim.StepRecord;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;

import java.util.Arrays;

/**
 * Accumulates the paper's metrics (Beloglazov &amp; Buyya, CCPE 2012) and the balance metrics over step records.
 * SLATAH = (1/N) sum over hosts of violation time / active time (hosts never active are left out), where a host
 * violates while it allocates less CPU than its VMs request, as CloudSim measures it: while its demand exceeds its
 * capacity, and while it is the target of a migration (it carries the incoming VM's full request but gives it
 * only 10 % until the copy ends; see {@link #migrationStarted});
 * PDM = (1/M) sum over VMs of CPU lost to migration / CPU requested (VMs that requested nothing are left out).
 */
public final class ReplayMetrics {
    private final double[] hostCapacityMips;
    private final double[] hostMaxWatts;
    private final double highUtilization;
    private final double[] hostActiveSeconds;
    private final double[] hostOverloadSeconds;
    private final double[] hostViolationSeconds;
    private final double[] copyInRemainingSeconds; // longest incoming copy still to run, per host
    private final double[] phaseRemainingSeconds; // longest copy touching the host still to run
    private final double[] vmRequested;
    private final double[] vmLoss;
    private double energyJoules;
    private double seconds;
    private long migrations;
    private long failed;
    private double overloadSeconds;
    private double highUtilizationSeconds;
    private double[] utilisations = new double[1024];
    private int utilisationCount;
    private double forecastAbsErrorSum;
    private long forecastCount;
    private int steps;

    public ReplayMetrics(double[] hostCapacityMips, double[] hostMaxWatts, int vmCount, double highUtilization) {
        this.hostCapacityMips = hostCapacityMips.clone();
        this.hostMaxWatts = hostMaxWatts.clone();
        this.highUtilization = highUtilization;
        hostActiveSeconds = new double[hostCapacityMips.length];
        hostOverloadSeconds = new double[hostCapacityMips.length];
        hostViolationSeconds = new double[hostCapacityMips.length];
        copyInRemainingSeconds = new double[hostCapacityMips.length];
        phaseRemainingSeconds = new double[hostCapacityMips.length];
        vmRequested = new double[vmCount];
        vmLoss = new double[vmCount];
    }

    public void add(StepRecord r) {
        steps++;
        seconds += r.stepSeconds();
        migrations += r.migrationsStarted();
        failed += r.migrationsFailed();
        for (int h = 0; h < hostCapacityMips.length; h++) {
            energyJoules += r.hostEnergyJoules()[h];
            hostActiveSeconds[h] += r.hostActiveSeconds()[h];
            hostOverloadSeconds[h] += r.hostOverloadSeconds()[h];
            hostViolationSeconds[h] += violationSeconds(r, h);
            copyInRemainingSeconds[h] = Math.max(0, copyInRemainingSeconds[h] - r.stepSeconds());
            phaseRemainingSeconds[h] = Math.max(0, phaseRemainingSeconds[h] - r.stepSeconds());
            overloadSeconds += r.hostOverloadSeconds()[h];
            if (r.hostActiveSeconds()[h] > 0) {
                double u = r.hostDemandMips()[h] / hostCapacityMips[h];
                if (u > highUtilization) {
                    highUtilizationSeconds += r.stepSeconds();
                }
                if (utilisationCount == utilisations.length) {
                    utilisations = Arrays.copyOf(utilisations, utilisations.length * 2);
                }
                utilisations[utilisationCount++] = u;
            }
        }
        for (int v = 0; v < vmRequested.length; v++) {
            vmRequested[v] += r.vmRequestedMipsSeconds()[v];
            vmLoss[v] += r.vmMigrationLossMipsSeconds()[v];
        }
    }

    /**
     * A migration that runs from the start of the next step for {@code seconds}: its target is in violation while
     * the copy runs (CloudSim allocates the incoming VM 10 % of its request there, and counts the shortfall).
     */
    public void migrationStarted(int sourceHost, int targetHost, double seconds) {
        copyInRemainingSeconds[targetHost] = Math.max(copyInRemainingSeconds[targetHost], seconds);
        phaseRemainingSeconds[targetHost] = Math.max(phaseRemainingSeconds[targetHost], seconds);
        phaseRemainingSeconds[sourceHost] = Math.max(phaseRemainingSeconds[sourceHost], seconds);
    }

    /**
     * Host h's violation time in step r: the platform splits a step into a migration phase (the longest copy touching
     * the host) and the rest, and reports overload per phase; an incoming copy adds its own length to a migration
     * phase that is not overloaded already.
     */
    private double violationSeconds(StepRecord r, int h) {
        double overload = r.hostOverloadSeconds()[h];
        double phase = Math.min(r.stepSeconds(), phaseRemainingSeconds[h]);
        double copyIn = Math.min(phase, copyInRemainingSeconds[h]);
        if (copyIn <= 0 || r.hostActiveSeconds()[h] <= 0) {
            return overload;
        }
        double rest = r.stepSeconds() - phase;
        double tolerance = 1e-9 * r.stepSeconds();
        boolean restOverloaded = rest > 0 && (Math.abs(overload - rest) <= tolerance
                || Math.abs(overload - r.stepSeconds()) <= tolerance);
        double phaseOverload = overload - (restOverloaded ? rest : 0);
        return Math.max(phaseOverload, copyIn) + (restOverloaded ? rest : 0);
    }

    /** One forecast/actual pair, both as utilisation fractions. */
    public void addForecast(double predicted, double actual) {
        forecastAbsErrorSum += Math.abs(predicted - actual);
        forecastCount++;
    }

    public double energyKwh() {
        return energyJoules / 3.6e6;
    }

    public double slatah() {
        double sum = 0;
        int n = 0;
        for (int h = 0; h < hostActiveSeconds.length; h++) {
            if (hostActiveSeconds[h] > 0) {
                sum += Math.min(1.0, hostViolationSeconds[h] / hostActiveSeconds[h]);
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    public double pdm() {
        double sum = 0;
        int n = 0;
        for (int v = 0; v < vmRequested.length; v++) {
            if (vmRequested[v] > 0) {
                sum += vmLoss[v] / vmRequested[v];
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    public ReplayResult result(String policy, String mode, Scenario scenario, long seed, double elapsedSeconds) {
        double slatah = slatah();
        double pdm = pdm();
        double slav = slatah * pdm;
        double npa = Arrays.stream(hostMaxWatts).sum() * seconds / 3.6e6;
        double p99 = utilisationCount == 0 ? 0
                : new Percentile(99).evaluate(Arrays.copyOf(utilisations, utilisationCount));
        Double mae = forecastCount == 0 ? null : 100.0 * forecastAbsErrorSum / forecastCount;
        return new ReplayResult(policy, mode, scenario.name(), scenario.label(), seed, vmRequested.length,
                hostCapacityMips.length, steps, energyKwh(), npa, slatah, pdm, slav, energyKwh() * slav, migrations,
                failed, overloadSeconds / 60.0, highUtilizationSeconds / 60.0, p99, mae, elapsedSeconds);
    }
}
