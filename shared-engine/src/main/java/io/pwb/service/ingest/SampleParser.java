package io.pwb.service.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pwb.engine.model.EntityKind;
import io.pwb.engine.model.Metric;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns the JSON sample format into validated {@link SampleMessage}s. The same format is used on Kafka
 * and by {@code POST /api/v1/samples}:
 * <pre>{"cluster":"c1","kind":"VM","entity":"vm-7","metric":"cpu_percent","timestamp":"2026-01-01T00:00:00Z","value":42.5,"host":"h3"}</pre>
 * {@code kind} defaults to VM; {@code timestamp} is ISO-8601 or epoch milliseconds; {@code host} is optional.
 */
public final class SampleParser {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@/-]{0,127}");
    /** Samples further than this in the future are refused (a clock or unit error upstream). */
    private static final long MAX_FUTURE_MS = 24L * 3600 * 1000;

    private final ObjectMapper mapper;

    public SampleParser(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** Parses one Kafka record value: a single sample object or an array of them. */
    public List<SampleMessage> parseRecord(String json, long nowMs) {
        if (json == null || json.isBlank()) {
            throw new InvalidSampleException("empty message");
        }
        JsonNode node;
        try {
            node = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidSampleException("not JSON: " + e.getOriginalMessage());
        }
        List<SampleMessage> out = new ArrayList<>();
        if (node.isArray()) {
            int i = 0;
            for (JsonNode element : node) {
                try {
                    out.add(parse(element, nowMs));
                } catch (InvalidSampleException e) {
                    throw new InvalidSampleException("element " + i + ": " + e.getMessage());
                }
                i++;
            }
        } else {
            out.add(parse(node, nowMs));
        }
        return out;
    }

    public SampleMessage parse(JsonNode node, long nowMs) {
        if (node == null || !node.isObject()) {
            throw new InvalidSampleException("a sample must be a JSON object");
        }
        String cluster = id(node, "cluster", true);
        String entity = id(node, "entity", true);
        String host = id(node, "host", false);
        EntityKind kind = EntityKind.VM;
        JsonNode kindNode = node.get("kind");
        if (kindNode != null && !kindNode.isNull()) {
            try {
                kind = EntityKind.valueOf(kindNode.asText().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidSampleException("kind must be VM or HOST, not '" + kindNode.asText() + "'");
            }
        }
        JsonNode metricNode = node.get("metric");
        if (metricNode == null || !metricNode.isTextual()) {
            throw new InvalidSampleException("metric is missing");
        }
        Metric metric = Metric.fromKey(metricNode.asText()).orElseThrow(
                () -> new InvalidSampleException("unknown metric '" + metricNode.asText() + "'"));
        long ts = timestamp(node.get("timestamp"));
        if (ts > nowMs + MAX_FUTURE_MS) {
            throw new InvalidSampleException("timestamp " + Instant.ofEpochMilli(ts) + " is more than a day in the future");
        }
        JsonNode valueNode = node.get("value");
        if (valueNode == null || !valueNode.isNumber()) {
            throw new InvalidSampleException("value must be a number");
        }
        double value = valueNode.asDouble();
        if (!SampleMessage.storableValue(value)) {
            throw new InvalidSampleException("value must be finite and not negative, got " + value);
        }
        return new SampleMessage(cluster, kind, entity, metric, ts, value, host);
    }

    private static long timestamp(JsonNode node) {
        if (node == null || node.isNull()) {
            throw new InvalidSampleException("timestamp is missing");
        }
        long ts;
        if (node.isIntegralNumber()) {
            if (!node.canConvertToLong()) {
                throw new InvalidSampleException("timestamp out of range: " + abbreviate(node.asText()));
            }
            ts = node.asLong();
        } else if (node.isTextual()) {
            try {
                ts = Instant.parse(node.asText()).toEpochMilli();
            } catch (DateTimeParseException e) {
                throw new InvalidSampleException("timestamp '" + abbreviate(node.asText()) + "' is not ISO-8601 (e.g. 2026-01-01T00:00:00Z)");
            } catch (ArithmeticException e) { // a valid Instant beyond the epoch-millisecond range (year ±292 million)
                throw new InvalidSampleException("timestamp out of range: " + abbreviate(node.asText()));
            }
        } else {
            throw new InvalidSampleException("timestamp must be ISO-8601 text or epoch milliseconds");
        }
        if (ts <= 0) {
            throw new InvalidSampleException("timestamp must be after 1970");
        }
        return ts;
    }

    private static String id(JsonNode node, String field, boolean required) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new InvalidSampleException(field + " is missing");
            }
            return null;
        }
        String s = v.asText();
        if (!ID.matcher(s).matches()) {
            throw new InvalidSampleException(field + " '" + abbreviate(s) + "' is not a valid id (1-128 of A-Z a-z 0-9 . _ : @ / -)");
        }
        return s;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
