package io.pwb.openstack.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * Thread CPU time of one Watcher audit's planning, the same work as {@link WatcherPlanningBenchmark}: on a machine
 * shared with other builds, wall-clock figures swing with the neighbours while CPU time stays put. Same input
 * (-Dpwb.bench.watcherRequest=FILE, else the seeded synthetic cloud). Run:
 * {@code java -Dpwb.bench.watcherRequest=FILE -cp benchmarks/target/benchmarks.jar
 * io.pwb.openstack.bench.WatcherPlanningCpuTime [audits]}
 */
public final class WatcherPlanningCpuTime {

    private WatcherPlanningCpuTime() {
    }

    public static void main(String[] args) throws Exception {
        int audits = args.length > 0 ? Integer.parseInt(args[0]) : 40;
        WatcherPlanningBenchmark bench = new WatcherPlanningBenchmark();
        bench.nodes = 200;
        bench.instances = 4000;
        bench.maxMigrations = 100;
        bench.setUp();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < audits; i++) {
            bench.planOneAudit(); // warm-up: JIT compilation is not one audit's cost
        }
        double[] ms = new double[audits];
        for (int i = 0; i < audits; i++) {
            long before = threads.getCurrentThreadCpuTime();
            bench.planOneAudit();
            ms[i] = (threads.getCurrentThreadCpuTime() - before) / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf("thread CPU per audit: median %.1f ms, p10 %.1f ms, p90 %.1f ms (%d audits)%n",
                ms[audits / 2], ms[audits / 10], ms[9 * audits / 10], audits);
    }
}
