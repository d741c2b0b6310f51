package io.pwb.service.store;

import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Hosts and VMs of each cluster. */
@ApplicationScoped
public class InventoryStore {
    private final ClusterSettingsStore clusters;

    public InventoryStore(ClusterSettingsStore clusters) {
        this.clusters = clusters;
    }

    @Transactional
    public List<HostEntity> hosts(String clusterId) {
        return HostEntity.list("clusterId", Sort.by("entityId"), clusterId);
    }

    /** The ids of the cluster's registered hosts (none for a cluster that does not exist). */
    @Transactional
    public Set<String> hostIds(String clusterId) {
        return HostEntity.<HostEntity>list("clusterId", clusterId).stream().map(h -> h.entityId).collect(Collectors.toSet());
    }

    @Transactional
    public List<VmEntity> vms(String clusterId) {
        return VmEntity.list("clusterId", Sort.by("entityId"), clusterId);
    }

    @Transactional
    public Optional<VmEntity> vm(String clusterId, String vmId) {
        return VmEntity.findByIdOptional(new ClusterScopedId(clusterId, vmId));
    }

    @Transactional
    public HostEntity upsertHost(String clusterId, String hostId, double cpuMhz, long memoryBytes, String powerModel) {
        clusters.ensureExists(clusterId);
        HostEntity h = HostEntity.findById(new ClusterScopedId(clusterId, hostId));
        if (h == null) {
            h = new HostEntity();
            h.clusterId = clusterId;
            h.entityId = hostId;
            h.persist();
        }
        h.cpuMhz = cpuMhz;
        h.memoryBytes = memoryBytes;
        h.powerModel = powerModel;
        h.updatedAtMs = System.currentTimeMillis();
        return h;
    }

    @Transactional
    public VmEntity upsertVm(String clusterId, String vmId, String hostId, int vcpus, double cpuMhz, long memoryBytes) {
        clusters.ensureExists(clusterId);
        VmEntity v = VmEntity.findById(new ClusterScopedId(clusterId, vmId));
        if (v == null) {
            v = new VmEntity();
            v.clusterId = clusterId;
            v.entityId = vmId;
            v.persist();
        }
        v.hostId = hostId;
        v.vcpus = vcpus;
        v.cpuMhz = cpuMhz;
        v.memoryBytes = memoryBytes;
        v.updatedAtMs = System.currentTimeMillis();
        return v;
    }

    /** Records where a VM runs now (after a migration observed on the platform). */
    @Transactional
    public void placeVm(String clusterId, String vmId, String hostId) {
        VmEntity v = VmEntity.findById(new ClusterScopedId(clusterId, vmId));
        if (v != null) {
            v.hostId = hostId;
            v.updatedAtMs = System.currentTimeMillis();
        }
    }
}
