package io.pwb.service.api;

import io.pwb.engine.capacity.CapacityProjector;
import io.pwb.engine.capacity.ClusterProjection;
import io.pwb.engine.forecast.Forecast;
import io.pwb.engine.forecast.ForecastAccuracy;
import io.pwb.engine.model.EntityKind;
import io.pwb.engine.model.Metric;
import io.pwb.engine.model.Resource;
import io.pwb.engine.runtime.ClusterEngine;
import io.pwb.service.planning.EngineService;
import io.pwb.service.store.ClusterSettingsStore;
import io.pwb.service.store.InventoryStore;
import io.pwb.service.store.VmEntity;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What PWB expects: per-VM forecasts and per-host capacity projections over the planning horizon. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "forecasts")
public class ForecastResource {
    private final EngineService engines;
    private final ClusterSettingsStore clusters;
    private final InventoryStore inventory;

    public ForecastResource(EngineService engines, ClusterSettingsStore clusters, InventoryStore inventory) {
        this.engines = engines;
        this.clusters = clusters;
        this.inventory = inventory;
    }

    /** Accuracy with unknown (NaN) figures as null, so that the JSON stays valid. */
    public record AccuracyView(long samples, Double mae, Double rmse, Double upperCoverage) {
        static AccuracyView of(ForecastAccuracy a) {
            return new AccuracyView(a.samples(), finite(a.mae()), finite(a.rmse()), finite(a.upperCoverage()));
        }
    }

    public record ForecastView(String model, int stepSeconds, int horizonSteps, double[] point, double[] upper,
                               double upperQuantile, boolean training, AccuracyView accuracy) {
        static ForecastView of(Forecast f) {
            return new ForecastView(f.model(), f.stepSeconds(), f.horizonSteps(), f.point(), f.upper(), f.upperQuantile(),
                    f.training(), AccuracyView.of(f.accuracy()));
        }
    }

    /**
     * @param inTrainingPhase true while the VM has less than the cluster's training period of samples: never moved
     */
    public record VmForecasts(String clusterId, String vmId, boolean inTrainingPhase, Map<String, ForecastView> forecasts) {
    }

    @GET
    @Path("/clusters/{cluster}/vms/{vm}/forecast")
    @Operation(summary = "Forecasts of one VM per metric: horizon, point and upper bound per step, model and measured accuracy")
    public VmForecasts vmForecast(@PathParam("cluster") String cluster, @PathParam("vm") String vm) {
        var settings = clusters.find(cluster).orElseThrow(() -> ClusterResource.notFound(cluster));
        VmEntity stored = inventory.vm(cluster, vm).orElseThrow(() -> new NotFoundException("no VM '" + vm + "' in cluster " + cluster));
        Map<Metric, Forecast> forecasts = engines.engine(cluster).forecasts(EntityKind.VM, vm);
        Map<String, ForecastView> out = new LinkedHashMap<>();
        forecasts.forEach((metric, f) -> out.put(metric.key(), ForecastView.of(f)));
        Instant latest = engines.engine(cluster).series(EntityKind.VM, vm, Metric.CPU_MHZ)
                .or(() -> engines.engine(cluster).series(EntityKind.VM, vm, Metric.CPU_PERCENT))
                .map(f -> Instant.ofEpochSecond(Math.max(0, f.lastStepSeconds()))).orElse(Instant.now());
        boolean training = EngineService.inTraining(stored.firstSampleAtMs, latest, settings.trainingSeconds);
        return new VmForecasts(cluster, vm, training, out);
    }

    public record StepProjection(int step, Instant at, Double utilisation, Double expectedUtilisation,
                                 Map<String, Double> capacity, Map<String, Double> used, Map<String, Double> free) {
    }

    public record HostProjection(String clusterId, String hostId, int stepSeconds, Double peakUtilisation,
                                 boolean maintenanceInHorizon, List<StepProjection> steps) {
    }

    @GET
    @Path("/clusters/{cluster}/hosts/{host}/projection")
    @Operation(summary = "A host's projected capacity, use (upper forecasts of residents plus reservations) and free room per step")
    public HostProjection hostProjection(@PathParam("cluster") String cluster, @PathParam("host") String host) {
        ClusterResource.requireCluster(clusters, cluster);
        ClusterEngine engine = engines.engine(cluster);
        Instant now = Instant.now();
        ClusterProjection p = CapacityProjector.project(engine.snapshot(now), engines.ledger().reservations(cluster));
        int h = p.indexOf(host);
        if (h < 0) {
            throw new NotFoundException("no host '" + host + "' in cluster " + cluster + " (or not yet known to the engine)");
        }
        int stepSeconds = engine.settings().stepSeconds();
        List<StepProjection> steps = new ArrayList<>();
        for (int s = 0; s < p.steps(); s++) {
            Map<String, Double> cap = new LinkedHashMap<>();
            Map<String, Double> used = new LinkedHashMap<>();
            Map<String, Double> free = new LinkedHashMap<>();
            for (Resource r : Resource.values()) {
                if (!p.constrained(h, r)) {
                    continue;
                }
                cap.put(r.key(), finite(p.capacity(h, r, s)));
                used.put(r.key(), finite(p.used(h, r, s)));
                free.put(r.key(), finite(p.free(h, r, s)));
            }
            steps.add(new StepProjection(s + 1, now.plusSeconds((long) (s + 1) * stepSeconds), finite(p.utilisation(h, s)),
                    finite(p.expectedUtilisation(h, s)), cap, used, free));
        }
        return new HostProjection(cluster, host, stepSeconds, finite(p.peakUtilisation(h)), p.maintenanceInHorizon(h), steps);
    }

    static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
