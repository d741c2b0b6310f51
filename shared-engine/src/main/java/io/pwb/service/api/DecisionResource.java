package io.pwb.service.api;

import io.pwb.service.api.ApiViews.DecisionExplanation;
import io.pwb.service.api.ApiViews.DecisionView;
import io.pwb.service.api.ApiViews.ShadowView;
import io.pwb.service.api.ApiViews.TransitionView;
import io.pwb.service.store.DecisionStore;
import io.pwb.service.store.ShadowStore;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import io.pwb.engine.shadow.ShadowState;
import io.pwb.service.store.ClusterSettingsStore;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Decisions (with explanations) and shadows (with their full history). */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "decisions and shadows")
public class DecisionResource {
    private final DecisionStore decisions;
    private final ShadowStore shadows;
    private final ClusterSettingsStore clusters;

    public DecisionResource(DecisionStore decisions, ShadowStore shadows, ClusterSettingsStore clusters) {
        this.decisions = decisions;
        this.shadows = shadows;
        this.clusters = clusters;
    }

    @GET
    @Path("/clusters/{cluster}/decisions")
    @Operation(summary = "Most recent decisions first")
    public List<DecisionView> decisions(@PathParam("cluster") String cluster,
                                        @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(10_000) int limit) {
        requireCluster(cluster);
        return decisions.recent(cluster, limit).stream().map(DecisionView::of).toList();
    }

    @GET
    @Path("/decisions/{id}")
    @Operation(summary = "One decision with its full explanation")
    public DecisionExplanation explain(@PathParam("id") String id) {
        return decisions.find(id).map(d -> new DecisionExplanation(DecisionView.of(d), d.explanationJson))
                .orElseThrow(() -> new NotFoundException("no decision '" + id + "'"));
    }

    @GET
    @Path("/clusters/{cluster}/shadows")
    @Operation(summary = "Shadows, newest first; filter by state (RESERVED, MIGRATING, VERIFYING, COMMITTED, ROLLED_BACK, "
            + "EXPIRED; any case)")
    public List<ShadowView> shadows(@PathParam("cluster") String cluster, @QueryParam("state") String state,
                                    @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(10_000) int limit) {
        requireCluster(cluster);
        return shadows.list(cluster, state == null || state.isBlank() ? null : state(state).name(), limit).stream().map(ShadowView::of).toList();
    }

    private static ShadowState state(String text) {
        try {
            return ShadowState.valueOf(text.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("state must be one of " + Arrays.toString(ShadowState.values()) + ", not '"
                    + (text.length() > 40 ? text.substring(0, 40) + "..." : text) + "'");
        }
    }

    private void requireCluster(String cluster) {
        ClusterResource.requireCluster(clusters, cluster);
    }

    @GET
    @Path("/shadows/{id}")
    public ShadowView shadow(@PathParam("id") String id) {
        return shadows.find(id).map(ShadowView::of).orElseThrow(() -> new NotFoundException("no shadow '" + id + "'"));
    }

    @GET
    @Path("/shadows/{id}/history")
    @Operation(summary = "Every transition of one shadow, in order")
    public List<TransitionView> history(@PathParam("id") String id) {
        if (shadows.find(id).isEmpty()) {
            throw new NotFoundException("no shadow '" + id + "'");
        }
        return shadows.history(id).stream().map(TransitionView::of).toList();
    }
}
