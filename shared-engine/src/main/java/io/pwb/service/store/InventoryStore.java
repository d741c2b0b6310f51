package io.pwb.service.store;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import java.util.List;
import java.util.Optional;

/** Hosts and VMs of each cluster. */
@ApplicationScoped
public class InventoryStore {
    private final Database database;
    private final ClusterSettingsStore clusters;

    public InventoryStore(Database database, ClusterSettingsStore clusters) {
        this.database = database;
        this.clusters = clusters;
    }

    @Transactional
    public List<HostEntity> hosts(String clusterId) {
        return database.session().createSelectionQuery("from HostEntity where clusterId = :c order by entityId", HostEntity.class)
                .setParameter("c", clusterId).getResultList();
    }

    @Transactional
    public List<VmEntity> vms(String clusterId) {
        return database.session().createSelectionQuery("from VmEntity where clusterId = :c order by entityId", VmEntity.class)
                .setParameter("c", clusterId).getResultList();
    }

    @Transactional
    public Optional<VmEntity> vm(String clusterId, String vmId) {
        return Optional.ofNullable(database.session().find(VmEntity.class, new ClusterScopedId(clusterId, vmId)));
    }

    @Transactional
    public HostEntity upsertHost(String clusterId, String hostId, double cpuMhz, long memoryBytes, String powerModel) {
        clusters.ensureExists(clusterId);
        HostEntity h = database.session().find(HostEntity.class, new ClusterScopedId(clusterId, hostId));
        if (h == null) {
            h = new HostEntity();
            h.clusterId = clusterId;
            h.entityId = hostId;
            database.session().persist(h);
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
        VmEntity v = database.session().find(VmEntity.class, new ClusterScopedId(clusterId, vmId));
        if (v == null) {
            v = new VmEntity();
            v.clusterId = clusterId;
            v.entityId = vmId;
            database.session().persist(v);
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
        VmEntity v = database.session().find(VmEntity.class, new ClusterScopedId(clusterId, vmId));
        if (v != null) {
            v.hostId = hostId;
            v.updatedAtMs = System.currentTimeMillis();
        }
    }
}
