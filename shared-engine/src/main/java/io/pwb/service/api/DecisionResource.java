package io.pwb.service.api;

import io.pwb.service.api.ApiViews.DecisionExplanation;
import io.pwb.service.api.ApiViews.DecisionView;
import io.pwb.service.api.ApiViews.ShadowView;
import io.pwb.service.api.ApiViews.TransitionView;
import io.pwb.service.store.DecisionStore;
import io.pwb.service.store.ShadowStore;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
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

import java.util.List;

/** Decisions (with explanations) and shadows (with their full history). */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "decisions and shadows")
public class DecisionResource {
    private final DecisionStore decisions;
    private final ShadowStore shadows;

    public DecisionResource(DecisionStore decisions, ShadowStore shadows) {
        this.decisions = decisions;
        this.shadows = shadows;
    }

    @GET
    @Path("/clusters/{cluster}/decisions")
    @Operation(summary = "Most recent decisions first")
    public List<DecisionView> decisions(@PathParam("cluster") String cluster,
                                        @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(10_000) int limit) {
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
    @Operation(summary = "Shadows, newest first; filter by state (RESERVED, MIGRATING, VERIFYING, COMMITTED, ROLLED_BACK, EXPIRED)")
    public List<ShadowView> shadows(@PathParam("cluster") String cluster,
                                    @QueryParam("state") @Pattern(regexp = "[A-Z_]{1,16}") String state,
                                    @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(10_000) int limit) {
        return shadows.list(cluster, state, limit).stream().map(ShadowView::of).toList();
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
