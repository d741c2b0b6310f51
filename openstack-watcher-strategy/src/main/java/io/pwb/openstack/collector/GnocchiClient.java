package io.pwb.openstack.collector;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final Supplier<String> token;
    private final HttpClient http;
    private final Duration timeout;

    GnocchiClient(URI base, Supplier<String> token, HttpClient http, Duration timeout) {
        String b = base.toString();
        this.base = URI.create(b.endsWith("/") ? b : b + "/");
        this.token = token;
        this.http = http;
        this.timeout = timeout;
    }

    /** One Gnocchi point: the start of its step and its value. */
    record Measure(long epochSeconds, double value) {
    }

    List<Measure> instanceCpuPercent(String instanceUuid, int vcpus, Instant start, int granularitySeconds) {
        List<Measure> nanosPerStep = measures("v1/resource/instance/" + enc(instanceUuid) + "/metric/cpu/measures",
                "rate:mean", start, granularitySeconds);
        List<Measure> percent = new ArrayList<>(nanosPerStep.size());
        double perVcpu = Math.max(1, vcpus);
        for (Measure m : nanosPerStep) {
            percent.add(new Measure(m.epochSeconds(),
                    Math.max(0, m.value() / (granularitySeconds * 1e9) * 100.0 / perVcpu)));
        }
        return percent;
    }

    List<Measure> instanceRamMb(String instanceUuid, Instant start, int granularitySeconds) {
        return measures("v1/resource/instance/" + enc(instanceUuid) + "/metric/memory.resident/measures", "mean",
                start, granularitySeconds);
    }

    List<Measure> hostCpuPercent(String hostname, Instant start, int granularitySeconds) {
        String filter = "{\"=\": {\"original_resource_id\": " + JSON.valueToTree(hostname + "_" + hostname) + "}}";
        JsonNode found = send(HttpRequest.newBuilder(base.resolve("v1/search/resource/generic"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(filter)));
        if (found == null || !found.isArray() || found.isEmpty()) {
            return List.of();
        }
        String id = found.get(0).path("id").asText();
        return measures("v1/resource/generic/" + enc(id) + "/metric/compute.node.cpu.percent/measures", "mean",
                start, granularitySeconds);
    }

    private List<Measure> measures(String path, String aggregation, Instant start, int granularitySeconds) {
        String query = "?aggregation=" + enc(aggregation) + "&granularity=" + granularitySeconds + "&start="
                + enc(start.toString());
        JsonNode rows = send(HttpRequest.newBuilder(base.resolve(path + query)).GET());
        List<Measure> values = new ArrayList<>();
        if (rows != null && rows.isArray()) {
            // Each row is [timestamp, granularity, value], oldest first.
            for (JsonNode row : rows) {
                JsonNode v = row.get(2);
                if (v != null && v.isNumber()) {
                    values.add(new Measure(epochSeconds(row.get(0)), v.asDouble()));
                }
            }
        }
        return values;
    }

    /** Sends with the current token; 404 means no such metric (null); other errors throw with the status. */
    private JsonNode send(HttpRequest.Builder request) {
        HttpRequest r = request.timeout(timeout).header("X-Auth-Token", token.get())
                .header("Accept", "application/json").build();
        HttpResponse<String> response;
        try {
            response = http.send(r, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new OpenStackCallException("Gnocchi at " + base + " cannot be reached: " + e.getMessage(), 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OpenStackCallException("interrupted while reading Gnocchi", 0);
        }
        int status = response.statusCode();
        if (status == 404) {
            return null;
        }
        if (status >= 400) {
            throw new OpenStackCallException("Gnocchi answered HTTP " + status + " for " + r.uri().getPath(), status);
        }
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new OpenStackCallException("Gnocchi sent invalid JSON for " + r.uri().getPath(), status);
        }
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
