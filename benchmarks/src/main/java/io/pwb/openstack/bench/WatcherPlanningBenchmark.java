package io.pwb.openstack.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pwb.openstack.watcher.AuditParameters;
import io.pwb.openstack.watcher.InstanceHistory;
import io.pwb.openstack.watcher.LoadForecaster;
import io.pwb.openstack.watcher.WatcherInstance;
import io.pwb.openstack.watcher.WatcherMetrics;
import io.pwb.openstack.watcher.WatcherNode;
import io.pwb.openstack.watcher.WatcherPlanRequest;
import io.pwb.openstack.watcher.WatcherPlanResponse;
import io.pwb.openstack.watcher.WatcherPlanningService;
import io.pwb.openstack.watcher.TrustedForecasts;
import io.pwb.openstack.watcher.WatcherShadowBook;
import io.pwb.engine.shadow.ShadowLedger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.io.File;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * One Watcher audit's planning in PWB (validation, load model, relief planning, shadow reservations) on a
 * cloud of {@code nodes} x {@code instances}: either the request body Debian's Watcher sent in
 * bench_watcher.py (-Dpwb.bench.watcherRequest=FILE) or a seeded synthetic cloud of the same shape
 * (10 % hot hosts). Run: java -jar benchmarks/target/benchmarks.jar WatcherPlanning
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class WatcherPlanningBenchmark {

    @Param({"200"})
    int nodes;

    @Param({"4000"})
    int instances;

    @Param({"100"})
    int maxMigrations;

    WatcherPlanRequest request;

    @Setup
    public void setUp() throws Exception {
        String file = System.getProperty("pwb.bench.watcherRequest");
        if (file != null) {
            WatcherPlanRequest sent = new ObjectMapper().readValue(new File(file), WatcherPlanRequest.class);
            AuditParameters p = sent.parameters();
            request = new WatcherPlanRequest("bench", new AuditParameters(p.thresholdPercent(), p.horizonMinutes(),
                    maxMigrations, p.mode()), sent.nodes(), sent.instances(), sent.metrics());
            return;
        }
        Random random = new Random(7);
        List<WatcherNode> nodeList = new ArrayList<>();
        for (int n = 0; n < nodes; n++) {
            nodeList.add(new WatcherNode("node-" + n, "cmp" + n, "up", "enabled", 64, 0, 4.0, 262144, 0, 1.0, 4000,
                    0, 1.0));
        }
        Map<String, List<Double>> cpu = new HashMap<>();
        Map<String, List<Double>> ram = new HashMap<>();
        List<WatcherInstance> list = new ArrayList<>();
        int[] sizes = {1, 2, 4, 8};
        for (int i = 0; i < instances; i++) {
            int n = i % nodes;
            boolean hot = n % 10 == 3;
            int vcpus = sizes[random.nextInt(sizes.length)];
            String uuid = String.format("00000007-0000-4000-8000-%012x", i);
            list.add(new WatcherInstance(uuid, "vm-" + i, "active", vcpus, vcpus * 2048L, 20, false, false,
                    "node-" + n));
            cpu.put(uuid, List.of(hot ? 40 + 55 * random.nextDouble() : 2 + 28 * random.nextDouble()));
            ram.put(uuid, List.of(vcpus * 2048 * (0.3 + 0.6 * random.nextDouble())));
        }
        request = new WatcherPlanRequest("bench", new AuditParameters(50, 60, maxMigrations, "balance"), nodeList,
                list, new WatcherMetrics(cpu, ram, Map.of(), Map.of(), 300));
    }

    @Benchmark
    public WatcherPlanResponse planOneAudit() {
        // A fresh ledger per audit: the cost measured is one audit's, not one piled on earlier reservations.
        WatcherPlanningService service = new WatcherPlanningService(LoadForecaster.latestValue(),
                InstanceHistory.none(), TrustedForecasts.none(),
                new WatcherShadowBook(new ShadowLedger(null, null), "bench"), Clock.systemUTC());
        return service.plan(request);
    }
}
