package io.pwb.openstack.collector;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Reads measures from Gnocchi's REST API (OpenStack4j has no Gnocchi client), with the metric names and unit
 * conversions of Watcher's Gnocchi datasource: instance {@code cpu} (cumulative ns, read as rate:mean) to % of
 * the instance's vCPUs, {@code memory.resident} in MB, host {@code compute.node.cpu.percent} found by
 * {@code original_resource_id = <host>_<host>}.
 */
final class GnocchiClient {

    private final CatalogService gnocchi;

    GnocchiClient(URI base, Supplier<String> token, JsonHttp http) {
        this.gnocchi = new CatalogService("Gnocchi", base, token, http);
    }

    List<OpenStackInventory.TimedValue> instanceCpuPercent(String instanceUuid, int vcpus, Instant start,
                                                           int granularitySeconds) {
        List<OpenStackInventory.TimedValue> nanosPerStep = measures("v1/resource/instance/" + enc(instanceUuid)
                + "/metric/cpu/measures", "rate:mean", start, granularitySeconds);
        List<OpenStackInventory.TimedValue> percent = new ArrayList<>(nanosPerStep.size());
        for (OpenStackInventory.TimedValue m : nanosPerStep) {
            percent.add(new OpenStackInventory.TimedValue(m.epochSeconds(),
                    InstanceCpu.percent(m.value() / granularitySeconds, vcpus)));
        }
        return percent;
    }

    List<OpenStackInventory.TimedValue> instanceRamMb(String instanceUuid, Instant start, int granularitySeconds) {
        return measures("v1/resource/instance/" + enc(instanceUuid) + "/metric/memory.resident/measures", "mean",
                start, granularitySeconds);
    }

    List<OpenStackInventory.TimedValue> hostCpuPercent(String hostname, Instant start, int granularitySeconds) {
        String filter = "{\"=\": {\"original_resource_id\": " + JsonHttp.JSON.valueToTree(hostname + "_" + hostname)
                + "}}";
        JsonNode found = gnocchi.send(gnocchi.request("v1/search/resource/generic")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(filter)));
        if (found == null || !found.isArray() || found.isEmpty()) {
            return List.of();
        }
        String id = found.get(0).path("id").asText();
        return measures("v1/resource/generic/" + enc(id) + "/metric/compute.node.cpu.percent/measures", "mean",
                start, granularitySeconds);
    }

    private List<OpenStackInventory.TimedValue> measures(String path, String aggregation, Instant start,
                                                         int granularitySeconds) {
        String query = "?aggregation=" + enc(aggregation) + "&granularity=" + granularitySeconds + "&start="
                + enc(start.toString());
        JsonNode rows = gnocchi.send(gnocchi.request(path + query).GET());
        List<OpenStackInventory.TimedValue> values = new ArrayList<>();
        if (rows != null && rows.isArray()) {
            // Each row is [timestamp, granularity, value], oldest first.
            for (JsonNode row : rows) {
                JsonNode v = row.get(2);
                if (v != null && v.isNumber() && Double.isFinite(v.asDouble())) {
                    values.add(new OpenStackInventory.TimedValue(epochSeconds(row.get(0)), v.asDouble()));
                }
            }
        }
        return values;
    }

    private static long epochSeconds(JsonNode timestamp) {
        try {
            return java.time.OffsetDateTime.parse(timestamp.asText()).toEpochSecond();
        } catch (java.time.format.DateTimeParseException e) {
            try {
                return Instant.parse(timestamp.asText()).getEpochSecond();
            } catch (java.time.format.DateTimeParseException again) {
                throw new OpenStackCallException("Gnocchi sent an unreadable timestamp " + timestamp, 200);
            }
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
