package io.pwb.openstack.quarkus;

import io.pwb.openstack.watcher.InvalidWatcherRequestException;
import io.pwb.service.api.Problem;
import io.pwb.openstack.watcher.WatcherPlanRequest;
import io.pwb.openstack.watcher.WatcherPlanningService;
import io.pwb.openstack.watcher.WatcherShadowBook;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;

/**
 * The endpoint PWB's Watcher strategy plugin calls from {@code do_execute}: Watcher's compute model and
 * metrics in, moves with explanations out. Thin: the work is in {@link WatcherPlanningService}.
 */
@Path("/api/v1/watcher")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class WatcherResource {

    private final WatcherPlanningService planning;
    private final WatcherShadowBook shadows;

    public WatcherResource(WatcherPlanningService planning, WatcherShadowBook shadows) {
        this.planning = planning;
        this.shadows = shadows;
    }

    @POST
    @Path("/plan")
    public Response plan(WatcherPlanRequest request) {
        if (request == null) {
            return badRequest(List.of("the request body must be a Watcher plan request"));
        }
        try {
            return Response.ok(planning.plan(request)).build();
        } catch (InvalidWatcherRequestException e) {
            return badRequest(e.problems());
        }
    }

    @GET
    @Path("/shadows")
    public List<io.pwb.engine.shadow.Shadow> shadows() {
        return shadows.all();
    }

    private static Response badRequest(List<String> problems) {
        return Problem.response(Response.Status.BAD_REQUEST, "invalid Watcher model", "/api/v1/watcher/plan",
                problems);
    }
}
