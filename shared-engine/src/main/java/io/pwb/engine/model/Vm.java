package io.pwb.engine.model;

import io.pwb.engine.forecast.Forecast;
import java.util.Map;
import java.util.Optional;

/**
 * A virtual machine.
 *
 * @param id            platform id
 * @param name          display name
 * @param hostId        host it runs on; null when it is not running (e.g. a VM about to be started)
 * @param size          configured size
 * @param licenceClass  licence class it needs on its host (e.g. "windows-datacenter"); null = none
 * @param migratable    false for pinned VMs and VMs whose platform forbids live migration
 * @param forecasts     forecasts per metric (CPU_MHZ or CPU_PERCENT, MEMORY_BYTES, network, disk); may be empty
 * @param currentUsage  last observed usage; null when unknown (used by reactive baselines only)
 */
public record Vm(String id, String name, String hostId, VmSize size, String licenceClass, boolean migratable,
                 Map<Metric, Forecast> forecasts, Resources currentUsage) {

    public Vm {
        id = Checks.id("VM id", id);
        name = name == null || name.isBlank() ? id : name;
        if (hostId != null && hostId.isBlank()) {
            hostId = null;
        }
        if (size == null) {
            throw new IllegalArgumentException("VM " + id + " has no size");
        }
        forecasts = forecasts == null ? Map.of() : Map.copyOf(forecasts);
    }

    /** A migratable VM without licence class. */
    public static Vm of(String id, String hostId, VmSize size, Map<Metric, Forecast> forecasts) {
        return new Vm(id, id, hostId, size, null, true, forecasts, null);
    }

    public Optional<Forecast> forecast(Metric metric) {
        return Optional.ofNullable(forecasts.get(metric));
    }

    public Vm onHost(String newHostId) {
        return new Vm(id, name, newHostId, size, licenceClass, migratable, forecasts, currentUsage);
    }

    public Vm withForecasts(Map<Metric, Forecast> newForecasts) {
        return new Vm(id, name, hostId, size, licenceClass, migratable, newForecasts, currentUsage);
    }

    public Vm withLicenceClass(String cls) {
        return new Vm(id, name, hostId, size, cls, migratable, forecasts, currentUsage);
    }

    public Vm withMigratable(boolean canMigrate) {
        return new Vm(id, name, hostId, size, licenceClass, canMigrate, forecasts, currentUsage);
    }

    public Vm withCurrentUsage(Resources usage) {
        return new Vm(id, name, hostId, size, licenceClass, migratable, forecasts, usage);
    }
}
