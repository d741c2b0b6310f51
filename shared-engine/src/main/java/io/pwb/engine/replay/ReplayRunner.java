package io.pwb.engine.replay;

import io.pwb.engine.sim.ClusterObservation;
import io.pwb.engine.sim.MigrationFailures;
import io.pwb.engine.sim.MigrationResult;
import io.pwb.engine.sim.SimulatedPlatform;
import io.pwb.engine.sim.StepRecord;
import io.pwb.engine.sim.VmSpec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.stream.IntStream;

/**
 * Runs one policy over one scenario in simulated time: place the VMs, then per step simulate, observe, let the
 * policy decide, and start the migrations it asks for (refused requests are counted, not retried).
 */
public final class ReplayRunner {
    /** VMs whose forecasts are kept for the report. */
    static final int FORECAST_PLOT_VMS = 4;

    /** Told after every step. */
    @FunctionalInterface
    public interface Progress {
        void stepDone(int done, int total);
    }

    /** The result and the series behind it. */
    public record Run(ReplayResult result, ReplayTimeline timeline, long refusedMigrations) {
    }

    private ReplayRunner() {
    }

    public static Run run(Scenario scenario, ReplayPolicy policy, String mode, long seed, MigrationFailures failures,
                          Progress progress) {
        long started = System.nanoTime();
        SimulatedPlatform platform = new SimulatedPlatform(scenario.hosts(), scenario.vms(), scenario.demand(),
                scenario.stepSeconds(), failures, scenario.idlePower());
        for (VmSpec vm : scenario.vms()) {
            String host = scenario.initialPlacement().get(vm.id());
            if (host == null) {
                throw new IllegalArgumentException("scenario has no initial host for vm " + vm.id());
            }
            platform.place(vm.id(), host);
        }
        int nh = scenario.hosts().size();
        int nv = scenario.vms().size();
        double[] capacity = scenario.hosts().stream().mapToDouble(h -> h.cpuCapacityMips()).toArray();
        Map<String, Integer> hostIndex = new HashMap<>();
        for (int h = 0; h < scenario.hosts().size(); h++) {
            hostIndex.put(scenario.hosts().get(h).id(), h);
        }
        double[] maxWatts = scenario.hosts().stream().mapToDouble(h -> h.power().maxWatts()).toArray();
        ReplayMetrics metrics = new ReplayMetrics(capacity, maxWatts, nv, scenario.highUtilizationThreshold());
        int steps = scenario.steps();
        float[][] utilisation = new float[steps][nh];
        int[] overloaded = new int[steps];
        int[] migrations = new int[steps];
        int[] active = new int[steps];
        int[] plotted = busiestVms(scenario);
        double[][] plotActual = new double[plotted.length][steps];
        double[][] plotForecast = new double[plotted.length][steps];
        for (double[] f : plotForecast) {
            Arrays.fill(f, Double.NaN);
        }
        double[] forecast = new double[nv];
        boolean forecasting = false;
        long refused = 0;
        for (int s = 0; s < steps; s++) {
            Arrays.fill(forecast, Double.NaN);
            if (s > 0) {
                for (int v = 0; v < nv; v++) {
                    OptionalDouble f = policy.forecastUtilisation(scenario.vms().get(v).id());
                    if (f.isPresent()) {
                        forecast[v] = f.getAsDouble();
                        forecasting = true;
                    }
                }
            }
            StepRecord record = platform.step();
            boolean measured = s >= scenario.warmupSteps();
            if (measured) {
                metrics.add(record);
            }
            ClusterObservation observation = platform.observe();
            for (int v = 0; v < nv; v++) {
                if (measured && !Double.isNaN(forecast[v])) {
                    metrics.addForecast(forecast[v], observation.vms().get(v).utilisation());
                }
            }
            for (int i = 0; i < plotted.length; i++) {
                plotActual[i][s] = observation.vms().get(plotted[i]).utilisation();
                plotForecast[i][s] = forecast[plotted[i]];
            }
            for (int h = 0; h < nh; h++) {
                boolean on = record.hostActiveSeconds()[h] > 0;
                utilisation[s][h] = on ? (float) (record.hostDemandMips()[h] / capacity[h]) : Float.NaN;
                active[s] += on ? 1 : 0;
                overloaded[s] += record.hostOverloadSeconds()[h] > 0 ? 1 : 0;
            }
            migrations[s] = record.migrationsStarted();
            if (s + 1 < scenario.warmupSteps()) {
                policy.observeOnly(observation);
            } else if (s + 1 < steps) {
                for (ReplayPolicy.Migration m : policy.decide(observation)) {
                    MigrationResult answer = platform.requestMigration(m.vmId(), m.targetHostId());
                    if (answer instanceof MigrationResult.Refused) {
                        refused++;
                    } else if (answer instanceof MigrationResult.Started st) {
                        metrics.migrationStarted(hostIndex.get(st.sourceHostId()), hostIndex.get(st.targetHostId()),
                                st.durationSeconds());
                    }
                    policy.migrationRequested(m, answer);
                }
            }
            if (progress != null) {
                progress.stepDone(s + 1, steps);
            }
        }
        List<ReplayTimeline.VmForecastSeries> series = new ArrayList<>();
        if (forecasting) {
            for (int i = 0; i < plotted.length; i++) {
                series.add(new ReplayTimeline.VmForecastSeries(scenario.vms().get(plotted[i]).id(), plotActual[i], plotForecast[i]));
            }
        }
        double elapsed = (System.nanoTime() - started) / 1e9;
        ReplayResult result = metrics.result(policy.name(), mode, scenario, seed, elapsed);
        return new Run(result, new ReplayTimeline(scenario.stepSeconds(), utilisation, overloaded, migrations, active, series,
                scenario.warmupSteps(), scenario.hosts().stream().map(h -> h.id()).toList()),
                refused);
    }

    /** The VMs with the highest mean demand (ties by order), for forecast plots. */
    private static int[] busiestVms(Scenario scenario) {
        int nv = scenario.vms().size();
        double[] mean = new double[nv];
        for (int v = 0; v < nv; v++) {
            for (int s = 0; s < scenario.steps(); s++) {
                mean[v] += scenario.demand().utilisation(v, s) * scenario.vms().get(v).cpuMips();
            }
        }
        return IntStream.range(0, nv).boxed().sorted(Comparator.comparingDouble((Integer v) -> -mean[v]))
                .limit(FORECAST_PLOT_VMS).mapToInt(Integer::intValue).toArray();
    }
}
