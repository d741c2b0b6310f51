package io.pwb.ovirt.conformance;

import io.pwb.engine.model.EntityKind;
import io.pwb.engine.model.Host;
import io.pwb.engine.model.Metric;
import io.pwb.engine.model.PlanningSettings;
import io.pwb.engine.model.Vm;
import io.pwb.engine.model.VmSize;
import io.pwb.engine.runtime.ClusterEngine;
import io.pwb.engine.runtime.EngineRegistry;

import java.time.Instant;
import java.util.List;

/**
 * A cluster PWB would balance: VM HOT keeps its host H1 about 95 % busy for the whole history, OTHER runs on H2, H3
 * is large and empty, H4 small and empty. At {@link #NOW} PWB's balancer moves HOT to H3.
 */
final class HotCluster {

    static final long GIB = 1024L * 1024 * 1024;
    static final String CLUSTER = "c1";
    static final String H1 = "10000000-0000-0000-0000-000000000001";
    static final String H2 = "10000000-0000-0000-0000-000000000002";
    static final String H3 = "10000000-0000-0000-0000-000000000003";
    static final String H4 = "10000000-0000-0000-0000-000000000004";
    static final String HOT = "20000000-0000-0000-0000-000000000001";
    static final String OTHER = "20000000-0000-0000-0000-000000000002";
    static final String[] HOSTS = {H1, H2, H3, H4};
    private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
    private static final int STEPS = 30;
    /** Just after the last sample. */
    static final Instant NOW = T0.plusSeconds(300L * STEPS);

    private HotCluster() {
    }

    static EngineRegistry registry() {
        EngineRegistry registry = new EngineRegistry(null, PlanningSettings.DEFAULT);
        ClusterEngine c = registry.cluster(CLUSTER);
        c.replaceInventory(List.of(Host.up(H1, CLUSTER, 20_800, 64.0 * GIB), Host.up(H2, CLUSTER, 20_800, 64.0 * GIB),
                        Host.up(H3, CLUSTER, 48_000, 128.0 * GIB), Host.up(H4, CLUSTER, 20_800, 64.0 * GIB)),
                List.of(Vm.of(HOT, H1, new VmSize(8, 20_800, 16 * GIB), null),
                        Vm.of(OTHER, H2, new VmSize(4, 10_400, 8 * GIB), null)), T0);
        for (int i = 0; i < STEPS; i++) {
            long t = T0.getEpochSecond() + 300L * i;
            double wobble = (i % 5 - 2) * 100;
            c.offer(EntityKind.VM, HOT, Metric.CPU_MHZ, t, 19_700 + wobble);
            c.offer(EntityKind.VM, HOT, Metric.MEMORY_BYTES, t, 12.0 * GIB);
            c.offer(EntityKind.VM, OTHER, Metric.CPU_MHZ, t, 5_200 + wobble);
            c.offer(EntityKind.VM, OTHER, Metric.MEMORY_BYTES, t, 4.0 * GIB);
        }
        return registry;
    }
}
