package io.pwb.bench;

import io.pwb.engine.forecast.ForecastConfig;
import io.pwb.engine.forecast.Forecasters;
import io.pwb.engine.forecast.SeriesForecaster;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ForkJoinPool;

/**
 * The forecaster's costs in THREAD CPU time, which stays meaningful on a shared, overloaded machine where JMH's
 * wall-clock figures are inflated by waiting for a core; plus the fleet refit (N series refitted on all cores).
 * Run: java -cp benchmarks/target/benchmarks.jar io.pwb.bench.ForecastCpuTimeBenchmark [series, default 20000]
 */
public final class ForecastCpuTimeBenchmark {
    private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
    private static Object sink;

    private ForecastCpuTimeBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int fleet = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        double[] days = ForecastBenchmark.syntheticDays(40, 7);
        ForecastConfig cfg = ForecastConfig.defaults();
        for (int round = 0; round < 3; round++) { // the first rounds warm the JIT up
            SeriesForecaster oneDay = replay(cfg, days, 288);
            SeriesForecaster threeDays = replay(cfg, days, 3 * 288);
            double refit1 = perOp(200, () -> {
                oneDay.refit();
                sink = oneDay.forecast(12);
            });
            double refit3 = perOp(100, () -> {
                threeDays.refit();
                sink = threeDays.forecast(12);
            });
            double replay = perOp(200, () -> sink = replay(cfg, days, 288).forecast(12));
            double forecast = perOp(100_000, () -> sink = threeDays.forecast(12));
            SeriesForecaster mature = replay(cfg, days, 3 * 288);
            int[] next = {3 * 288};
            int updates = days.length - 3 * 288;
            double update = perOp(updates, () -> {
                int i = next[0]++;
                mature.offer(i * 300L, days[i]);
            });
            System.out.printf(Locale.ROOT, "round %d (thread CPU ns/op): refit+forecast12 one day %.0f, three days %.0f;"
                    + " replay one day+forecast12 %.0f; forecast12 %.0f; online update (amortised) %.0f%n",
                    round, refit1, refit3, replay, forecast, update);
        }
        List<SeriesForecaster> all = new ArrayList<>(fleet);
        for (int s = 0; s < fleet; s++) {
            all.add(replay(cfg, ForecastBenchmark.syntheticDays(1, s), 288));
        }
        long wall = System.nanoTime();
        long cpuBefore = totalCpu();
        ForkJoinPool pool = new ForkJoinPool(2);
        pool.submit(() -> all.parallelStream().forEach(f -> {
            f.refit();
            f.forecast(12);
        })).get();
        pool.shutdown();
        System.out.printf(Locale.ROOT, "fleet refit+forecast12 of %d one-day series on 2 threads: %.2f s wall,"
                + " %.2f s CPU (process)%n", fleet, (System.nanoTime() - wall) / 1e9, (totalCpu() - cpuBefore) / 1e9);
    }

    private static SeriesForecaster replay(ForecastConfig cfg, double[] values, int n) {
        SeriesForecaster f = Forecasters.create(cfg);
        for (int i = 0; i < n; i++) {
            f.offer(i * 300L, values[i]);
        }
        return f;
    }

    private static double perOp(int n, Runnable op) {
        long start = MX.getCurrentThreadCpuTime();
        for (int i = 0; i < n; i++) {
            op.run();
        }
        return (double) (MX.getCurrentThreadCpuTime() - start) / n;
    }

    private static long totalCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
