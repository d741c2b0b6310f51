package io.pwb.service.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.pwb.engine.model.EntityKind;
import io.pwb.engine.model.Metric;
import io.pwb.service.ingest.InvalidSampleException;
import io.pwb.service.ingest.SampleIngestor;
import io.pwb.service.ingest.SampleMessage;
import io.pwb.service.ingest.UnknownHosts;
import io.pwb.service.store.SampleStore;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Batches of samples in, series out. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "samples")
public class SampleResource {
    /** Largest batch accepted in one request. */
    static final int MAX_BATCH = 100_000;

    private final SampleIngestor ingestor;
    private final SampleStore samples;
    private final UnknownHosts unknownHosts;

    public SampleResource(SampleIngestor ingestor, SampleStore samples, UnknownHosts unknownHosts) {
        this.ingestor = ingestor;
        this.unknownHosts = unknownHosts;
        this.samples = samples;
    }

    public record IngestResult(int accepted, int stored, int duplicates) {
    }

    @POST
    @Path("/samples")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Store a batch of samples (a JSON array, same format as the Kafka topic); all or nothing. "
            + "400 when a sample is invalid, 422 when one names a host its cluster does not have")
    public IngestResult post(JsonNode body) {
        if (body == null || !body.isArray()) {
            throw new BadRequestException("the body must be a JSON array of samples");
        }
        if (body.size() > MAX_BATCH) {
            throw new BadRequestException("at most " + MAX_BATCH + " samples per request, got " + body.size());
        }
        long now = System.currentTimeMillis();
        List<SampleMessage> parsed = new ArrayList<>(body.size());
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < body.size(); i++) {
            try {
                parsed.add(ingestor.parser().parse(body.get(i), now));
            } catch (InvalidSampleException e) {
                if (errors.size() < 100) {
                    errors.add("sample " + i + ": " + e.getMessage());
                }
            }
        }
        if (!errors.isEmpty()) {
            ingestor.countRejected(errors.size());
            throw new jakarta.ws.rs.WebApplicationException(Problem.response(Response.Status.BAD_REQUEST,
                    "the batch was refused: " + errors.size() + " invalid sample(s)", "/api/v1/samples", errors));
        }
        refuseUnknownHosts(parsed);
        int stored = ingestor.store(parsed);
        return new IngestResult(parsed.size(), stored, parsed.size() - stored);
    }

    /** 422 naming, per cluster, each host the batch names that the cluster does not have (nothing is stored). */
    private void refuseUnknownHosts(List<SampleMessage> parsed) {
        List<UnknownHosts.Found> found = unknownHosts.in(parsed);
        if (found.isEmpty()) {
            return;
        }
        unknownHosts.count(found);
        int refused = found.stream().mapToInt(UnknownHosts.Found::samples).sum();
        List<String> errors = found.stream().limit(100)
                .map(f -> ClusterResource.notInCluster(f.hostIds(), "host", f.clusterId())).toList();
        throw new jakarta.ws.rs.WebApplicationException(Problem.response(Problem.UNPROCESSABLE_STATUS,
                "the batch was refused: " + refused + " sample(s) name a host their cluster does not have; register"
                        + " hosts with PUT /api/v1/clusters/{cluster}/hosts/{host} first", "/api/v1/samples", errors));
    }

    public record SeriesView(String clusterId, String kind, String entityId, String metric, String unit,
                             List<Map<String, Object>> points) {
    }

    @GET
    @Path("/clusters/{cluster}/{kind:vms|hosts}/{entity}/samples")
    @Operation(summary = "Raw samples of one series, oldest first")
    public SeriesView series(@PathParam("cluster") String cluster, @PathParam("kind") String kind,
                             @PathParam("entity") String entity,
                             @QueryParam("metric") @DefaultValue("cpu_percent") String metricKey,
                             @QueryParam("from") String from, @QueryParam("to") String to,
                             @QueryParam("limit") @DefaultValue("1000") @Min(1) @Max(100_000) int limit) {
        Metric metric = Metric.fromKey(metricKey).orElseThrow(() -> new BadRequestException("unknown metric '" + metricKey + "'"));
        EntityKind entityKind = kind.equals("vms") ? EntityKind.VM : EntityKind.HOST;
        long fromMs = instant(from, 0L);
        long toMs = instant(to, Long.MAX_VALUE);
        List<Map<String, Object>> points = samples.series(cluster, entityKind, entity, metric, fromMs, toMs, limit).stream()
                .map(p -> Map.<String, Object>of("timestamp", Instant.ofEpochMilli(p.timestampMs()), "value", p.value()))
                .toList();
        return new SeriesView(cluster, entityKind.name().toLowerCase(Locale.ROOT), entity, metric.key(), metric.unit(), points);
    }

    private static long instant(String text, long fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (java.time.format.DateTimeParseException e) {
            throw new BadRequestException("'" + text + "' is not an ISO-8601 instant such as 2026-01-01T00:00:00Z");
        } catch (ArithmeticException e) {
            throw new BadRequestException("'" + text + "' is out of range");
        }
    }
}
