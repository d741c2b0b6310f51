package io.pwb.it.ovirt;

import io.pwb.engine.model.EntityKind;
import io.pwb.engine.model.Host;
import io.pwb.engine.model.Metric;
import io.pwb.engine.model.PlanningSettings;
import io.pwb.engine.model.Vm;
import io.pwb.engine.model.VmSize;
import io.pwb.engine.runtime.ClusterEngine;
import io.pwb.engine.runtime.EngineRegistry;
import io.pwb.ovirt.engine.EngineSchedulerBackend;
import io.pwb.ovirt.http.XmlRpcCallHandler;
import io.pwb.ovirt.http.XmlRpcHttpEndpoint;
import io.pwb.ovirt.proxy.ExternalSchedulerProtocol;
import io.pwb.ovirt.proxy.ScoreTuples;
import io.pwb.ovirt.xmlrpc.XmlRpcLimits;
import io.pwb.ovirt.xmlrpc.XmlRpcRequestParser;
import io.vertx.core.Vertx;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Not a test: a load target for {@code /work/shared/tools/ovirt-load.sh}. Serves the units over an engine holding
 * one cluster of 200 hosts and 600 VMs with 36 samples each, on the given port, and writes the VM id and the host
 * ids to the given file ("vm hostcsv"). Run: {@code java -cp <test classpath> io.pwb.it.ovirt.OvirtLoadTarget 18781 out.txt}.
 */
public final class OvirtLoadTarget {

    private OvirtLoadTarget() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Path out = Path.of(args[1]);
        Random random = new Random(7);
        Instant t0 = Instant.parse("2026-03-02T08:00:00Z");
        int steps = 36;
        EngineRegistry registry = new EngineRegistry(null, PlanningSettings.DEFAULT);
        ClusterEngine c = registry.cluster("load");
        List<Host> hosts = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            hosts.add(Host.up(new UUID(1, i).toString(), "load", 16 * 2600, 256.0 * (1L << 30)));
        }
        List<Vm> vms = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            vms.add(Vm.of(new UUID(2, i).toString(), hosts.get(i % 200).id(), new VmSize(4, 4 * 2600, 8L << 30), null));
        }
        c.replaceInventory(hosts, vms, t0);
        for (Vm vm : vms) {
            double base = 2000 + random.nextInt(6000);
            for (int s = 0; s < steps; s++) {
                long t = t0.getEpochSecond() + 300L * s;
                c.offer(EntityKind.VM, vm.id(), Metric.CPU_MHZ, t, base + random.nextGaussian() * 200);
                c.offer(EntityKind.VM, vm.id(), Metric.MEMORY_BYTES, t, 4.0 * (1L << 30));
            }
        }
        Instant now = t0.plusSeconds(300L * steps);
        XmlRpcLimits limits = XmlRpcLimits.DEFAULT;
        XmlRpcHttpEndpoint endpoint = new XmlRpcHttpEndpoint(Vertx.vertx(), new XmlRpcCallHandler(
                new XmlRpcRequestParser(limits), new ExternalSchedulerProtocol(
                new EngineSchedulerBackend(registry, Clock.fixed(now, java.time.ZoneOffset.UTC)), ScoreTuples.PER_UNIT)),
                limits, 16);
        endpoint.start("127.0.0.1", port);
        Files.writeString(out, vms.get(0).id() + " " + String.join(",", hosts.stream().map(Host::id).toList()) + "\n");
        System.out.println("load target ready on port " + port);
        Thread.currentThread().join();
    }
}
