package io.pwb.service.api;

import io.pwb.service.api.ApiRequests.CostModelRequest;
import io.pwb.service.api.ApiRequests.Dependencies;
import io.pwb.service.api.ApiRequests.HostUpdate;
import io.pwb.service.api.ApiRequests.MaintenanceWindowRequest;
import io.pwb.service.api.ApiRequests.SettingsUpdate;
import io.pwb.service.api.ApiRequests.VmUpdate;
import io.pwb.service.api.ApiViews.ClusterView;
import io.pwb.service.api.ApiViews.CostModelView;
import io.pwb.service.api.ApiViews.DependencyView;
import io.pwb.service.api.ApiViews.HostView;
import io.pwb.service.api.ApiViews.MaintenanceWindowView;
import io.pwb.service.api.ApiViews.VmView;
import io.pwb.service.planning.EngineService;
import io.pwb.service.planning.PlanningStatus;
import io.pwb.service.store.ClusterSettingsEntity;
import io.pwb.service.store.ClusterSettingsStore;
import io.pwb.service.store.CostModelEntity;
import io.pwb.service.store.DependencyEdgeEntity;
import io.pwb.service.store.InventoryStore;
import io.pwb.service.store.MaintenanceWindowEntity;
import io.pwb.service.store.PolicyStore;
import io.quarkus.resteasy.reactive.jackson.CustomDeserialization;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Clusters: settings (mode, thresholds), inventory, dependencies, maintenance windows, cost model. A cluster comes
 * into being with its first sample, its settings or its first host; every other write needs the cluster to exist
 * (404), and ids in a body must name what the cluster has (422), so that a typo never reaches the planner.
 */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "clusters")
public class ClusterResource {
    static final String ID = ApiRequests.ID;

    private final ClusterSettingsStore clusters;
    private final EngineService engines;
    private final InventoryStore inventory;
    private final PolicyStore policies;
    private final PlanningStatus planning;

    public ClusterResource(ClusterSettingsStore clusters, InventoryStore inventory, PolicyStore policies,
                           EngineService engines, PlanningStatus planning) {
        this.engines = engines;
        this.clusters = clusters;
        this.inventory = inventory;
        this.policies = policies;
        this.planning = planning;
    }

    private ClusterView view(ClusterSettingsEntity settings) {
        return ClusterView.of(settings, planning.of(settings.clusterId).orElse(null));
    }

    @GET
    @Path("/clusters")
    @Operation(summary = "All clusters PWB knows, with their mode and thresholds")
    public List<ClusterView> list() {
        return clusters.all().stream().map(this::view).toList();
    }

    @GET
    @Path("/clusters/{cluster}")
    public ClusterView get(@PathParam("cluster") String cluster) {
        return clusters.find(cluster).map(this::view).orElseThrow(() -> notFound(cluster));
    }

    @PUT
    @Path("/clusters/{cluster}/settings")
    @Operation(summary = "Change mode (advisory, balance, cost) and thresholds; omitted fields stay as they are. "
            + "Creates the cluster when it does not exist yet")
    @CustomDeserialization(StrictJson.class)
    public ClusterView updateSettings(@PathParam("cluster") @Pattern(regexp = ID) String cluster,
                                      @Valid @NotNull SettingsUpdate update) {
        ClusterSettingsEntity updated = clusters.update(cluster, update.mode(), update.cpuThresholdPercent(),
                update.memoryThresholdPercent(), update.trainingSeconds());
        engines.refreshSettings(updated); // at once, e.g. for the oVirt units, not only at the next planning cycle
        return view(updated);
    }

    @GET
    @Path("/clusters/{cluster}/hosts")
    public List<HostView> hosts(@PathParam("cluster") String cluster) {
        requireCluster(cluster);
        return inventory.hosts(cluster).stream().map(HostView::of).toList();
    }

    @PUT
    @Path("/clusters/{cluster}/hosts/{host}")
    @Operation(summary = "Register or update a host's capacity; creates the cluster when it does not exist yet")
    @CustomDeserialization(StrictJson.class)
    public HostView putHost(@PathParam("cluster") @Pattern(regexp = ID) String cluster,
                            @PathParam("host") @Pattern(regexp = ID) String host, @Valid @NotNull HostUpdate body) {
        return HostView.of(inventory.upsertHost(cluster, host, body.cpuMhz(), body.memoryBytes(), body.powerModel()));
    }

    @GET
    @Path("/clusters/{cluster}/vms")
    public List<VmView> vms(@PathParam("cluster") String cluster) {
        requireCluster(cluster);
        return inventory.vms(cluster).stream().map(VmView::of).toList();
    }

    @PUT
    @Path("/clusters/{cluster}/vms/{vm}")
    @Operation(summary = "Register or update a VM's size and placement (hostId: a host of the cluster, or none)")
    @CustomDeserialization(StrictJson.class)
    public VmView putVm(@PathParam("cluster") @Pattern(regexp = ID) String cluster,
                        @PathParam("vm") @Pattern(regexp = ID) String vm, @Valid @NotNull VmUpdate body) {
        requireCluster(cluster);
        if (body.hostId() != null) {
            requireHosts(cluster, List.of(body.hostId()));
        }
        return VmView.of(inventory.upsertVm(cluster, vm, body.hostId(), body.vcpus(), body.cpuMhz(), body.memoryBytes()));
    }

    @GET
    @Path("/clusters/{cluster}/dependencies")
    public List<DependencyView> dependencies(@PathParam("cluster") String cluster) {
        requireCluster(cluster);
        return policies.dependencies(cluster).stream().map(DependencyView::of).toList();
    }

    @PUT
    @Path("/clusters/{cluster}/dependencies")
    @Operation(summary = "Replace the cluster's weighted VM dependency graph (between VMs of the cluster)")
    @CustomDeserialization(StrictJson.class)
    public List<DependencyView> putDependencies(@PathParam("cluster") @Pattern(regexp = ID) String cluster,
                                                @Valid @NotNull Dependencies body) {
        requireCluster(cluster);
        requireKnown(cluster, "VM", inventory.vms(cluster).stream().map(v -> v.entityId),
                body.edges().stream().flatMap(e -> Stream.of(e.fromVmId(), e.toVmId())));
        List<DependencyEdgeEntity> edges = body.edges().stream().map(e -> {
            if (e.fromVmId().equals(e.toVmId())) {
                throw new BadRequestException("a VM cannot depend on itself: " + e.fromVmId());
            }
            DependencyEdgeEntity d = new DependencyEdgeEntity();
            d.fromVmId = e.fromVmId();
            d.toVmId = e.toVmId();
            d.weight = e.weight();
            return d;
        }).toList();
        policies.replaceDependencies(cluster, edges);
        return dependencies(cluster);
    }

    @GET
    @Path("/clusters/{cluster}/maintenance-windows")
    public List<MaintenanceWindowView> maintenanceWindows(@PathParam("cluster") String cluster) {
        requireCluster(cluster);
        return policies.maintenanceWindows(cluster).stream().map(MaintenanceWindowView::of).toList();
    }

    @POST
    @Path("/clusters/{cluster}/maintenance-windows")
    @Operation(summary = "Plan a maintenance window of a host of the cluster")
    @CustomDeserialization(StrictJson.class)
    public Response addMaintenanceWindow(@PathParam("cluster") @Pattern(regexp = ID) String cluster,
                                         @Valid @NotNull MaintenanceWindowRequest body) {
        if (!body.endsAt().isAfter(body.startsAt())) {
            throw new BadRequestException("endsAt must be after startsAt");
        }
        requireCluster(cluster);
        requireHosts(cluster, List.of(body.hostId()));
        MaintenanceWindowEntity w = new MaintenanceWindowEntity();
        w.clusterId = cluster;
        w.hostId = body.hostId();
        w.startsAtMs = body.startsAt().toEpochMilli();
        w.endsAtMs = body.endsAt().toEpochMilli();
        w.reason = body.reason();
        return Response.status(Response.Status.CREATED).entity(MaintenanceWindowView.of(policies.addMaintenanceWindow(w))).build();
    }

    @DELETE
    @Path("/clusters/{cluster}/maintenance-windows/{id}")
    public Response deleteMaintenanceWindow(@PathParam("cluster") String cluster, @PathParam("id") long id) {
        if (!policies.deleteMaintenanceWindow(cluster, id)) {
            throw new NotFoundException("no maintenance window " + id + " in cluster " + cluster);
        }
        return Response.noContent().build();
    }

    @GET
    @Path("/clusters/{cluster}/cost-model")
    public CostModelView costModel(@PathParam("cluster") String cluster) {
        return policies.costModel(cluster).map(CostModelView::of)
                .orElseThrow(() -> new NotFoundException("cluster " + cluster + " has no cost model yet"));
    }

    @PUT
    @Path("/clusters/{cluster}/cost-model")
    @CustomDeserialization(StrictJson.class)
    public CostModelView putCostModel(@PathParam("cluster") @Pattern(regexp = ID) String cluster,
                                      @Valid @NotNull CostModelRequest body) {
        requireCluster(cluster);
        CostModelEntity m = new CostModelEntity();
        m.clusterId = cluster;
        m.energyPricePerKwh = body.energyPricePerKwh();
        m.licenceCostPerHostHour = body.licenceCostPerHostHour();
        m.migrationCostPerGib = body.migrationCostPerGib();
        m.currency = body.currency();
        return CostModelView.of(policies.saveCostModel(m));
    }

    private void requireCluster(String cluster) {
        requireCluster(clusters, cluster);
    }

    /** 404 unless the cluster exists: reads and writes of a cluster's parts never create it. */
    static void requireCluster(ClusterSettingsStore clusters, String cluster) {
        if (clusters.find(cluster).isEmpty()) {
            throw notFound(cluster);
        }
    }

    /** 422 naming each host id the cluster does not have (register hosts with PUT .../hosts/{h} first). */
    private void requireHosts(String cluster, List<String> hostIds) {
        requireKnown(cluster, "host", inventory.hostIds(cluster).stream(), hostIds.stream());
    }

    /** 422 naming each of {@code ids} that is not among the cluster's {@code known} ones. */
    private static void requireKnown(String cluster, String noun, Stream<String> known, Stream<String> ids) {
        Set<String> have = known.collect(Collectors.toSet());
        Set<String> unknown = ids.filter(id -> !have.contains(id)).collect(Collectors.toCollection(TreeSet::new));
        if (!unknown.isEmpty()) {
            throw Problem.unprocessable(notInCluster(unknown, noun, cluster));
        }
    }

    /** "host ghost is not in cluster c1", "hosts a, b are not in cluster c1" (at most 20 ids named). */
    static String notInCluster(Set<String> ids, String noun, String cluster) {
        return plural(ids, noun) + " not in cluster " + cluster;
    }

    private static String plural(Set<String> ids, String noun) {
        List<String> shown = ids.stream().limit(20).toList();
        String more = ids.size() > shown.size() ? " and " + (ids.size() - shown.size()) + " more" : "";
        return ids.size() == 1 ? noun + " " + shown.get(0) + " is" : noun + "s " + String.join(", ", shown) + more + " are";
    }

    static NotFoundException notFound(String cluster) {
        return new NotFoundException("no cluster '" + cluster + "'");
    }
}
