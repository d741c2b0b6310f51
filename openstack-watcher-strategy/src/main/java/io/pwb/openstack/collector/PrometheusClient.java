package io.pwb.openstack.collector;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Range queries against Prometheus' HTTP API ({@code POST /api/v1/query_range}, form-encoded). A failed call
 * (unreachable, timeout, HTTP error, {@code "status": "error"}, an answer that is not a matrix) throws with a
 * clear reason; single values that are not finite numbers ({@code NaN}, {@code +Inf}, unreadable) are skipped
 * and counted. The bearer token is sent as a header and never appears in a message.
 */
final class PrometheusClient {

    /** One series of a matrix: its labels, its usable points (oldest first) and how many were skipped. */
    record Series(Map<String, String> labels, List<OpenStackInventory.TimedValue> points, int skipped) {
    }

    /** A range query's series and Prometheus' own warnings. */
    record Matrix(List<Series> series, List<String> warnings) {

        int skipped() {
            return series.stream().mapToInt(Series::skipped).sum();
        }
    }

    private static final int MAX_ERROR_CHARS = 300;

    private final URI base;
    private final Supplier<Optional<String>> token;
    private final JsonHttp http;

    PrometheusClient(URI base, Supplier<Optional<String>> token, JsonHttp http) {
        this.base = JsonHttp.directory(base);
        this.token = token;
        this.http = http;
    }

    Matrix queryRange(String promql, Instant start, Instant end, int stepSeconds) {
        String form = "query=" + enc(promql) + "&start=" + start.getEpochSecond() + "&end=" + end.getEpochSecond()
                + "&step=" + stepSeconds;
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve("api/v1/query_range"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        token.get().ifPresent(t -> request.header("Authorization", "Bearer " + t));
        JsonHttp.Answer answer = http.send("Prometheus", request);
        JsonNode body = answer.body();
        if (answer.status() == 401 || answer.status() == 403) {
            throw failure("Prometheus refused the query (HTTP " + answer.status() + "): check the bearer token "
                    + "file (pwb.openstack.prometheus.token-file)", answer.status());
        }
        if (answer.status() != 200) {
            throw failure("Prometheus answered HTTP " + answer.status() + " for " + answer.path() + errorOf(body),
                    answer.status());
        }
        if (body == null || !body.isObject()) {
            throw failure("Prometheus sent a malformed answer for " + answer.path() + ": not a JSON object", 200);
        }
        if (!"success".equals(body.path("status").asText())) {
            throw failure("Prometheus could not run the query (status " + body.path("status").asText("missing")
                    + ")" + errorOf(body), 200);
        }
        JsonNode data = body.path("data");
        if (!"matrix".equals(data.path("resultType").asText()) || !data.path("result").isArray()) {
            throw failure("Prometheus sent a malformed answer for " + answer.path() + ": expected a matrix result, got "
                    + "resultType " + data.path("resultType").asText("missing"), 200);
        }
        List<Series> series = new ArrayList<>();
        for (JsonNode s : data.path("result")) {
            series.add(series(s, answer.path()));
        }
        List<String> warnings = new ArrayList<>();
        body.path("warnings").forEach(w -> warnings.add("Prometheus warns: " + clip(w.asText())));
        return new Matrix(series, warnings);
    }

    private Series series(JsonNode s, String path) {
        JsonNode metric = s.path("metric");
        JsonNode values = s.path("values");
        if (!metric.isObject() || !values.isArray()) {
            throw failure("Prometheus sent a malformed answer for " + path + ": a series without metric labels or "
                    + "values", 200);
        }
        Map<String, String> labels = new HashMap<>();
        metric.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
        List<OpenStackInventory.TimedValue> points = new ArrayList<>();
        int skipped = 0;
        for (JsonNode pair : values) {
            OpenStackInventory.TimedValue p = point(pair);
            if (p == null) {
                skipped++;
            } else {
                points.add(p);
            }
        }
        return new Series(labels, points, skipped);
    }

    /** {@code [<unix time>, "<value>"]}; null when the value is not a finite number. */
    private static OpenStackInventory.TimedValue point(JsonNode pair) {
        if (!pair.isArray() || pair.size() != 2 || !pair.get(0).isNumber() || !pair.get(1).isTextual()) {
            return null;
        }
        double value;
        try {
            value = Double.parseDouble(pair.get(1).asText());
        } catch (NumberFormatException e) {
            return null;
        }
        return Double.isFinite(value) ? new OpenStackInventory.TimedValue((long) Math.floor(pair.get(0).asDouble()),
                value) : null;
    }

    private static String errorOf(JsonNode body) {
        if (body == null || !body.has("error")) {
            return "";
        }
        return ": " + body.path("errorType").asText("error") + ": " + clip(body.path("error").asText());
    }

    private static String clip(String s) {
        return s.length() <= MAX_ERROR_CHARS ? s : s.substring(0, MAX_ERROR_CHARS) + "...";
    }

    private static OpenStackCallException failure(String message, int status) {
        return new OpenStackCallException(message, status, false);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
