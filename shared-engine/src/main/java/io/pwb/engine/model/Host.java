package io.pwb.engine.model;

import java.util.Set;

/**
 * A hypervisor host.
 *
 * @param id          platform id (oVirt host UUID, Nova hypervisor hostname)
 * @param name        display name
 * @param clusterId   the cluster it belongs to
 * @param capacity    physical capacity per resource (network/disk 0 = not modelled)
 * @param overcommit  overcommit ratio per resource
 * @param state       platform state
 * @param powerModel  power draw by CPU utilisation; null = the cost model's default
 * @param site        site / data centre used for electricity price and link bandwidth; null = default site
 * @param licences    licence classes already paid for on this host
 */
public record Host(String id, String name, String clusterId, Resources capacity, OvercommitRatios overcommit,
                   HostState state, PowerModel powerModel, String site, Set<String> licences) {

    public Host {
        id = Checks.id("host id", id);
        name = name == null || name.isBlank() ? id : name;
        clusterId = Checks.id("cluster id of host " + id, clusterId);
        if (capacity == null) {
            throw new IllegalArgumentException("host " + id + " has no capacity");
        }
        overcommit = overcommit == null ? OvercommitRatios.NONE : overcommit;
        if (state == null) {
            throw new IllegalArgumentException("host " + id + " has no state");
        }
        licences = licences == null ? Set.of() : Set.copyOf(licences);
    }

    /** An UP host with CPU and memory only, no overcommit, default power model and site. */
    public static Host up(String id, String clusterId, double cpuMhz, double memoryBytes) {
        return new Host(id, id, clusterId, Resources.of(cpuMhz, memoryBytes), OvercommitRatios.NONE, HostState.UP,
                null, null, Set.of());
    }

    public Host withState(HostState newState) {
        return new Host(id, name, clusterId, capacity, overcommit, newState, powerModel, site, licences);
    }

    public Host withPowerModel(PowerModel model) {
        return new Host(id, name, clusterId, capacity, overcommit, state, model, site, licences);
    }

    public Host withSite(String newSite) {
        return new Host(id, name, clusterId, capacity, overcommit, state, powerModel, newSite, licences);
    }

    public Host withLicences(Set<String> held) {
        return new Host(id, name, clusterId, capacity, overcommit, state, powerModel, site, held);
    }

    public Host withOvercommit(OvercommitRatios ratios) {
        return new Host(id, name, clusterId, capacity, ratios, state, powerModel, site, licences);
    }

    /** Capacity of a resource that may be promised: physical capacity x overcommit ratio. */
    public double schedulable(Resource r) {
        return capacity.get(r) * overcommit.get(r);
    }

    /** False when CPU or memory capacity is zero: such a host can hold nothing and is left alone. */
    public boolean hasUsableCapacity() {
        return capacity.cpuMhz() > 0 && capacity.memoryBytes() > 0;
    }
}
