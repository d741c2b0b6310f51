package io.pwb.ovirt.collector;

import io.pwb.engine.model.EntityKind;
import io.pwb.engine.model.Metric;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Translates oVirt statistics into PWB's metric vocabulary ({@link Metric}). */
public final class OvirtSamples {

    /** One measured value of one metric of one host or VM. */
    public record Sample(EntityKind kind, String entityId, Metric metric, double value, Instant at) {
    }

    private OvirtSamples() {
    }

    public static List<Sample> of(OvirtInventory inventory) {
        Instant at = inventory.collectedAt();
        List<Sample> out = new ArrayList<>();
        Map<String, OvirtInventory.Host> hostsById = new HashMap<>();
        for (OvirtInventory.Host h : inventory.hosts()) {
            hostsById.put(h.id(), h);
            Map<String, Double> s = h.statistics();
            Double cpu = hostCpuPercent(s);
            if (cpu != null) {
                out.add(new Sample(EntityKind.HOST, h.id(), Metric.CPU_PERCENT, cpu, at));
                if (h.cpuCores() > 0 && h.cpuSpeedMhz() > 0) {
                    out.add(new Sample(EntityKind.HOST, h.id(), Metric.CPU_MHZ, cpu / 100.0 * h.cpuCores() * h.cpuSpeedMhz(), at));
                }
            }
            add(out, EntityKind.HOST, h.id(), Metric.MEMORY_BYTES, s.get("memory.used"), at);
            addDevices(out, EntityKind.HOST, h.id(), s, at);
        }
        for (OvirtInventory.Vm v : inventory.vms()) {
            Map<String, Double> s = v.statistics();
            Double cpu = s.get("cpu.current.guest");
            if (cpu != null) {
                out.add(new Sample(EntityKind.VM, v.id(), Metric.CPU_PERCENT, cpu, at));
                OvirtInventory.Host host = v.hostId().map(hostsById::get).orElse(null);
                if (host != null && v.vcpus() > 0 && host.cpuSpeedMhz() > 0) {
                    out.add(new Sample(EntityKind.VM, v.id(), Metric.CPU_MHZ, cpu / 100.0 * v.vcpus() * host.cpuSpeedMhz(), at));
                }
            }
            add(out, EntityKind.VM, v.id(), Metric.MEMORY_BYTES, s.get("memory.used"), at);
            addDevices(out, EntityKind.VM, v.id(), s, at);
        }
        return out;
    }

    /** user + system when reported, else 100 - idle. */
    static Double hostCpuPercent(Map<String, Double> s) {
        Double user = s.get("cpu.current.user");
        Double system = s.get("cpu.current.system");
        if (user != null || system != null) {
            return (user == null ? 0 : user) + (system == null ? 0 : system);
        }
        Double idle = s.get("cpu.current.idle");
        return idle == null ? null : Math.max(0.0, 100.0 - idle);
    }

    private static void addDevices(List<Sample> out, EntityKind kind, String id, Map<String, Double> s, Instant at) {
        add(out, kind, id, Metric.NETWORK_RX_BYTES_PER_SECOND, s.get("nic.data.current.rx"), at);
        add(out, kind, id, Metric.NETWORK_TX_BYTES_PER_SECOND, s.get("nic.data.current.tx"), at);
        add(out, kind, id, Metric.DISK_READ_BYTES_PER_SECOND, s.get("disk.data.current.read"), at);
        add(out, kind, id, Metric.DISK_WRITE_BYTES_PER_SECOND, s.get("disk.data.current.write"), at);
    }

    private static void add(List<Sample> out, EntityKind kind, String id, Metric metric, Double value, Instant at) {
        if (value != null && Double.isFinite(value)) {
            out.add(new Sample(kind, id, metric, value, at));
        }
    }
}
