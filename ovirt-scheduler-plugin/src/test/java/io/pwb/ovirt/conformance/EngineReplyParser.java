package io.pwb.ovirt.conformance;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The oVirt engine's reading of external-scheduler replies (ExternalSchedulerBrokerObjectBuilder and
 * ExternalSchedulerDiscoveryResult, reference §3.2), over what Apache XML-RPC 3.1.3 returns: Object[] for arrays,
 * HashMap for structs. Where the engine would throw (NullPointerException, ClassCastException, ...), this throws
 * the same, so a reply that passes here is one the engine can use.
 */
final class EngineReplyParser {

    private static final java.util.regex.Pattern REGEX_MAP =
            java.util.regex.Pattern.compile("^([a-zA-Z0-9_]+=[^;]+)(;[a-zA-Z0-9_]+=[^;]+)*;?$");

    /** What the engine keeps from a {@code run*} reply: result code, audit messages, payload. */
    record Envelope(int resultCode, List<String> auditMessages, Object payload) {
    }

    record Unit(String name, String type, String description, String regexMap) {
    }

    record Score(UUID host, int score, String unit) {
    }

    private EngineReplyParser() {
    }

    static Envelope common(Object reply) {
        if (reply instanceof Object[]) {
            return new Envelope(0, List.of(), reply); // "old format"
        }
        if (!(reply instanceof HashMap<?, ?> map)) {
            return new Envelope(0, List.of(), null);
        }
        int code = (Integer) map.get("result_code"); // missing -> NullPointerException, as in the engine
        List<String> audit = new ArrayList<>();
        if (code != 0) {
            Object pluginErrors = map.get("plugin_errors");
            if (pluginErrors != null) {
                for (Map.Entry<?, ?> e : ((HashMap<?, ?>) pluginErrors).entrySet()) {
                    for (Object msg : (Object[]) e.getValue()) {
                        audit.add("EXTERNAL_SCHEDULER_PLUGIN_ERROR " + e.getKey() + ": " + msg);
                    }
                }
            }
            Object errors = map.get("errors");
            if (errors != null) {
                for (Object msg : (Object[]) errors) {
                    audit.add("EXTERNAL_SCHEDULER_ERROR " + msg);
                }
            }
        }
        return new Envelope(code, audit, map.get("result"));
    }

    static List<UUID> filterResult(Object reply) {
        Object payload = common(reply).payload();
        List<UUID> hosts = new ArrayList<>();
        if (payload == null) {
            return hosts; // the engine then filters out every host
        }
        for (Object id : (Object[]) payload) {
            hosts.add(UUID.fromString((String) id));
        }
        return hosts;
    }

    static List<Score> scoreResult(Object reply) {
        Object payload = common(reply).payload();
        List<Score> scores = new ArrayList<>();
        for (Object entry : (Object[]) payload) {
            Object[] tuple = (Object[]) entry;
            if (tuple.length == 2) {
                scores.add(new Score(UUID.fromString((String) tuple[0]), (Integer) tuple[1], null));
            } else if (tuple.length == 3) {
                scores.add(new Score(UUID.fromString((String) tuple[0]), (Integer) tuple[1], (String) tuple[2]));
            } else {
                break; // the engine stops parsing here
            }
        }
        return scores;
    }

    /** {@code null} when the engine considers the result invalid (nothing to migrate). */
    static Map.Entry<UUID, List<UUID>> balanceResult(Object reply) {
        Object[] payload = (Object[]) common(reply).payload();
        String vm = (String) payload[0]; // [] -> ArrayIndexOutOfBoundsException, as in the engine
        List<UUID> candidates = new ArrayList<>();
        for (Object h : (Object[]) payload[1]) {
            candidates.add(UUID.fromString((String) h));
        }
        if (vm.isEmpty()) {
            return null;
        }
        return Map.entry(UUID.fromString(vm), candidates);
    }

    static Map<String, Unit> discoverResult(Object reply) {
        HashMap<?, ?> map = (HashMap<?, ?>) reply;
        Map<String, Unit> units = new LinkedHashMap<>();
        for (Map.Entry<?, ?> typeEntry : map.entrySet()) {
            String type = switch ((String) typeEntry.getKey()) {
                case "filters" -> "FILTER";
                case "scores" -> "WEIGHT";
                case "balance" -> "LOAD_BALANCING";
                default -> throw new IllegalStateException("discovery fails on key " + typeEntry.getKey());
            };
            for (Map.Entry<?, ?> u : ((HashMap<?, ?>) typeEntry.getValue()).entrySet()) {
                Object[] pair = (Object[]) u.getValue();
                String description = pair[0].toString();
                String regexMap = pair[1].toString();
                if (!regexMap.isEmpty() && !REGEX_MAP.matcher(regexMap).matches()) {
                    continue; // the engine skips a unit with an invalid regex map
                }
                units.put(type + ":" + u.getKey(), new Unit((String) u.getKey(), type, description, regexMap));
            }
        }
        return units;
    }
}
