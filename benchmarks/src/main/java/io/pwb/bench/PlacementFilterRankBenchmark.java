package io.pwb.bench;

import io.pwb.engine.capacity.VmDemand;
import io.pwb.engine.model.ClusterSnapshot;
import io.pwb.engine.model.CoolDowns;
import io.pwb.engine.model.PlanningMode;
import io.pwb.engine.model.Vm;
import io.pwb.engine.placement.Placement;
import io.pwb.engine.placement.PlacementContext;
import io.pwb.engine.placement.RankResult;
import io.pwb.engine.placement.RankedHost;
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
 * Filter plus Ranker of one VM over 500 hosts (10,000 VMs in the cluster), on a projection built once per
 * snapshot as the service does. Target: at most 1 ms.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class PlacementFilterRankBenchmark {

    @Param({"500"})
    public int hosts;

    private PlacementContext ctx;
    private Placement placement;
    private Vm vm;
    private VmDemand demand;

    @Setup(Level.Trial)
    public void setUp() {
        ClusterSnapshot s = PlanningSyntheticCluster.build(hosts, hosts * 20, PlanningMode.BALANCE, 7);
        ctx = PlacementContext.of(s, List.of(), CoolDowns.NONE);
        placement = Placement.standard(s.settings());
        vm = s.vm("vm-3").orElseThrow();
        demand = ctx.projection().demand(vm.id());
        RankResult r = placement.rank(ctx, vm.id(), null);
        System.out.println("\n[setup] " + r.ranked().size() + " hosts ranked, " + r.rejected().size()
                + " rejected");
    }

    /** The adapters' entry point: by id, with a reason for every rejected host. */
    @Benchmark
    public RankResult filterAndRankWithReasons() {
        return placement.rank(ctx, vm.id(), null);
    }

    /** The planner's hot path: no rejection texts. */
    @Benchmark
    public List<RankedHost> filterAndRankHotPath() {
        return placement.rankAll(ctx, vm, demand);
    }
}
