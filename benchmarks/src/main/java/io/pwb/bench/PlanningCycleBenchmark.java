package io.pwb.bench;

import io.pwb.engine.capacity.CapacityProjector;
import io.pwb.engine.capacity.ClusterProjection;
import io.pwb.engine.model.ClusterSnapshot;
import io.pwb.engine.model.CoolDowns;
import io.pwb.engine.model.PlanningMode;
import io.pwb.engine.planning.PlanResult;
import io.pwb.engine.planning.Planner;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One planning cycle (projection, evacuations, overload relief, consolidation in cost mode) on a synthetic
 * cluster of 1,000 hosts and 20,000 VMs with forecasts given. Target: at most 1 s, at most 1 GB heap
 * (run with {@code -jvmArgsAppend -Xmx1g}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class PlanningCycleBenchmark {

    @Param({"1000"})
    public int hosts;

    @Param({"20000"})
    public int vms;

    @Param({"BALANCE", "COST"})
    public PlanningMode mode;

    private ClusterSnapshot snapshot;
    private final Planner planner = new Planner();

    @Setup(Level.Trial)
    public void setUp() {
        snapshot = PlanningSyntheticCluster.build(hosts, vms, mode, 42);
        PlanResult check = planner.plan(snapshot, List.of(), CoolDowns.NONE);
        System.out.println("\n[setup] " + snapshot + ": " + check.decisions().size() + " decisions, "
                + check.notes().size() + " notes");
    }

    @Benchmark
    public PlanResult planCycle() {
        return planner.plan(snapshot, List.of(), CoolDowns.NONE);
    }

    @Benchmark
    public ClusterProjection projectCapacity() {
        return CapacityProjector.project(snapshot, List.of());
    }
}
