package io.pwb.bench;

import io.pwb.engine.forecast.Forecast;
import io.pwb.engine.forecast.ForecastConfig;
import io.pwb.engine.forecast.Forecasters;
import io.pwb.engine.forecast.SeriesForecaster;
import io.pwb.engine.series.SampleOutcome;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of the forecaster on a synthetic daily sinusoid plus noise:
 * <ul>
 * <li>{@code refitAndForecast12}: refit of the smoothing parameters of a series holding one day (288 five-minute
 * samples) plus a 12-step forecast: what a periodic refit of one VM metric costs;</li>
 * <li>{@code replayOneDayAndForecast12}: a cold start: a new forecaster replays one day (every online update, the
 * scheduled refits, the scoring) and forecasts 12 steps: what restoring one series from its history costs;</li>
 * <li>{@code onlineUpdate}: one online update of a mature series (amortised: includes the once-a-day refits);</li>
 * <li>{@code forecast12}: one 12-step forecast of a mature series.</li>
 * </ul>
 * Run: java -jar benchmarks/target/benchmarks.jar Forecast -f 1 -wi 2 -i 3
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ForecastBenchmark {
    static final int DAY = 288;
    static final int STEP_SECONDS = 300;

    static double[] syntheticDays(int days, long seed) {
        Random r = new Random(seed);
        double[] v = new double[days * DAY];
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.max(0, 40 + 20 * Math.sin(2 * Math.PI * i / DAY) + 6 * r.nextGaussian());
        }
        return v;
    }

    @State(Scope.Thread)
    public static class OneDay {
        final ForecastConfig config = ForecastConfig.defaults();
        double[] values;

        @Setup(Level.Trial)
        public void setUp() {
            values = syntheticDays(1, 7);
        }
    }

    @State(Scope.Thread)
    public static class OneDayLoaded {
        SeriesForecaster forecaster;

        @Setup(Level.Trial)
        public void setUp() {
            double[] values = syntheticDays(1, 7);
            forecaster = Forecasters.create(ForecastConfig.defaults());
            for (int i = 0; i < values.length; i++) {
                forecaster.offer((long) i * STEP_SECONDS, values[i]);
            }
        }
    }

    @Benchmark
    public Forecast refitAndForecast12(OneDayLoaded s) {
        s.forecaster.refit();
        return s.forecaster.forecast(12);
    }

    @Benchmark
    public Forecast replayOneDayAndForecast12(OneDay s) {
        SeriesForecaster f = Forecasters.create(s.config);
        for (int i = 0; i < s.values.length; i++) {
            f.offer((long) i * STEP_SECONDS, s.values[i]);
        }
        return f.forecast(12);
    }

    @State(Scope.Thread)
    public static class Warm {
        SeriesForecaster forecaster;
        double[] values;
        int next;

        @Setup(Level.Trial)
        public void setUp() {
            values = syntheticDays(8, 11);
            forecaster = Forecasters.create(ForecastConfig.defaults());
            for (next = 0; next < 3 * DAY; next++) {
                forecaster.offer((long) next * STEP_SECONDS, values[next]);
            }
        }
    }

    @Benchmark
    public SampleOutcome onlineUpdate(Warm s) {
        int i = s.next++;
        return s.forecaster.offer((long) i * STEP_SECONDS, s.values[i % s.values.length]);
    }

    @Benchmark
    public Forecast forecast12(Warm s) {
        return s.forecaster.forecast(12);
    }
}
