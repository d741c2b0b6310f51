package io.pwb.ovirt.proxy;

import io.pwb.ovirt.xmlrpc.Abbreviation;
import io.pwb.ovirt.xmlrpc.XmlRpcFault;
import io.pwb.ovirt.xmlrpc.XmlRpcRequest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The ovirt-scheduler-proxy methods, answered exactly as the oVirt engine parses them (reference §1-§3):
 * {@code discover} returns the bare unit struct; the {@code run*} methods return
 * {@code {result_code, result[, plugin_errors][, errors]}} with an integer result code, and never a nil. Unknown
 * unit names are reported in {@code plugin_errors} with result code 1, as the reference proxy does; a unit that
 * throws is ignored like a failing plugin. Malformed calls (unknown method, wrong arity or types) are faults.
 */
public final class ExternalSchedulerProtocol {

    private static final Logger LOG = Logger.getLogger(ExternalSchedulerProtocol.class.getName());

    static final String ALL_FILTERS_FAILED = "all filters failed";

    private final ExternalSchedulerBackend backend;
    private final ScoreTuples scoreTuples;

    public ExternalSchedulerProtocol(ExternalSchedulerBackend backend, ScoreTuples scoreTuples) {
        this.backend = backend;
        this.scoreTuples = scoreTuples;
    }

    /** Answers one call; the returned value is ready for {@code XmlRpcResponseWriter.success}. */
    public Object call(XmlRpcRequest request) throws XmlRpcFault {
        List<Object> p = request.params();
        return switch (request.methodName()) {
            case "discover" -> {
                arity(request, 0);
                yield discover();
            }
            case "runFilters" -> {
                arity(request, 4);
                yield runFilters(strings(p.get(0), "filters"), strings(p.get(1), "hosts"), string(p.get(2), "vm"),
                        properties(p.get(3)));
            }
            case "runCostFunctions" -> {
                arity(request, 4);
                yield runCostFunctions(weights(p.get(0)), strings(p.get(1), "hosts"), string(p.get(2), "vm"),
                        properties(p.get(3)));
            }
            case "runLoadBalancing" -> {
                arity(request, 3);
                yield runLoadBalancing(string(p.get(0), "balance"), strings(p.get(1), "hosts"), properties(p.get(2)));
            }
            case "system.listMethods" -> {
                arity(request, 0);
                yield List.of("discover", "runFilters", "runCostFunctions", "runLoadBalancing", "system.listMethods");
            }
            default -> throw new XmlRpcFault(XmlRpcFault.METHOD_NOT_FOUND,
                    "method '" + abbreviate(request.methodName()) + "' is not supported");
        };
    }

    Map<String, Object> discover() {
        LOG.info(() -> "discover: reporting " + SchedulerUnits.FILTER + ", " + SchedulerUnits.WEIGHT + ", "
                + SchedulerUnits.BALANCE);
        List<Object> filter = List.of(SchedulerUnits.FILTER_DESCRIPTION, SchedulerUnits.PROPERTIES_VALIDATION);
        List<Object> weight = List.of(SchedulerUnits.WEIGHT_DESCRIPTION, SchedulerUnits.PROPERTIES_VALIDATION);
        List<Object> balance = List.of(SchedulerUnits.BALANCE_DESCRIPTION, SchedulerUnits.PROPERTIES_VALIDATION);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("filters", Map.of(SchedulerUnits.FILTER, filter));
        result.put("scores", Map.of(SchedulerUnits.WEIGHT, weight));
        result.put("balance", Map.of(SchedulerUnits.BALANCE, balance));
        return result;
    }

    Map<String, Object> runFilters(List<String> filters, List<String> hosts, String vm, Map<String, String> raw) {
        Envelope env = new Envelope();
        PolicyProperties props = PolicyProperties.from(raw);
        Set<String> passing = null;
        for (String unit : filters) {
            if (!SchedulerUnits.FILTER.equals(unit)) {
                env.pluginError(unit, "plugin not found: '" + unit + "'");
                continue;
            }
            props.warnings().forEach(w -> env.pluginError(unit, w));
            try {
                Set<String> these = new LinkedHashSet<>(backend.filter(vm, hosts, props));
                if (passing == null) {
                    passing = these;
                } else {
                    passing.retainAll(these);
                }
            } catch (RuntimeException e) {
                env.pluginError(unit, failure(unit, e));
            }
        }
        List<String> result;
        if (passing == null) {
            env.error(ALL_FILTERS_FAILED);
            result = hosts; // like the reference proxy and the engine: no working filter filters nothing out
        } else {
            // In the engine's order, each host once; a set keeps a call with thousands of hosts linear.
            Set<String> ordered = new LinkedHashSet<>(hosts);
            ordered.retainAll(passing);
            result = new ArrayList<>(ordered);
        }
        return env.with(new ArrayList<Object>(result));
    }

    Map<String, Object> runCostFunctions(List<UnitWeight> weights, List<String> hosts, String vm,
                                         Map<String, String> raw) {
        Envelope env = new Envelope();
        PolicyProperties props = PolicyProperties.from(raw);
        List<Object> result = new ArrayList<>();
        Map<String, Long> preWeighted = new LinkedHashMap<>();
        for (UnitWeight uw : weights) {
            if (!SchedulerUnits.WEIGHT.equals(uw.unit())) {
                env.pluginError(uw.unit(), "plugin not found: '" + uw.unit() + "'");
                continue;
            }
            props.warnings().forEach(w -> env.pluginError(uw.unit(), w));
            Map<String, Integer> scores;
            try {
                scores = backend.score(vm, hosts, props);
            } catch (RuntimeException e) {
                env.pluginError(uw.unit(), failure(uw.unit(), e));
                continue;
            }
            for (String h : hosts) {
                Integer s = scores.get(h);
                if (s == null) {
                    continue;
                }
                if (scoreTuples == ScoreTuples.PER_UNIT) {
                    result.add(List.of(h, s, uw.unit()));
                } else {
                    preWeighted.merge(h, (long) uw.weight() * s, Long::sum);
                }
            }
        }
        preWeighted.forEach((h, total) -> result.add(List.of(h, saturate(total))));
        return env.with(result);
    }

    Map<String, Object> runLoadBalancing(String unit, List<String> hosts, Map<String, String> raw) {
        Envelope env = new Envelope();
        List<Object> nothing = List.of("", List.of());
        if (!SchedulerUnits.BALANCE.equals(unit)) {
            // The reference proxy answers [] here, which the engine cannot parse; "nothing to migrate" is safe.
            env.pluginError(unit, "Load balance requested but was not found: " + unit);
            return env.with(nothing);
        }
        PolicyProperties props = PolicyProperties.from(raw);
        props.warnings().forEach(w -> env.pluginError(unit, w));
        try {
            Optional<ExternalSchedulerBackend.BalanceProposal> proposal = backend.balance(hosts, props);
            if (proposal.isEmpty()) {
                return env.with(nothing);
            }
            return env.with(List.of(proposal.get().vmId(), new ArrayList<Object>(proposal.get().candidateHostIds())));
        } catch (RuntimeException e) {
            env.pluginError(unit, failure(unit, e));
            return env.with(nothing);
        }
    }

    private static String failure(String unit, RuntimeException e) {
        if (Thread.currentThread().isInterrupted()) {
            // The endpoint stopped the call at its deadline; its client already has a fault, and nothing failed.
            LOG.fine(() -> "oVirt unit " + unit + " stopped at the call's deadline: " + e);
        } else {
            LOG.warning(() -> "oVirt unit " + unit + " failed: " + e);
            LOG.log(Level.FINE, "oVirt unit failure", e);
        }
        return unit + " failed: " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + abbreviate(e.getMessage()));
    }

    private static int saturate(long v) {
        return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, v));
    }

    /** A cost function as the engine sends it: {@code [name, factor]}. */
    record UnitWeight(String unit, int weight) {
    }

    /** The {@code run*} reply envelope; result code 1 as soon as anything was recorded, like the reference. */
    private static final class Envelope {
        private final Map<String, List<Object>> pluginErrors = new LinkedHashMap<>();
        private final List<Object> errors = new ArrayList<>();

        void pluginError(String unit, String message) {
            pluginErrors.computeIfAbsent(unit, u -> new ArrayList<>()).add(message);
        }

        void error(String message) {
            errors.add(message);
        }

        Map<String, Object> with(Object result) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("result_code", pluginErrors.isEmpty() && errors.isEmpty() ? 0 : 1);
            m.put("result", result);
            if (!pluginErrors.isEmpty()) {
                m.put("plugin_errors", pluginErrors);
            }
            if (!errors.isEmpty()) {
                m.put("errors", errors);
            }
            return m;
        }
    }

    // ---- argument coercion: faults for what the engine would never send ----

    private static void arity(XmlRpcRequest request, int expected) throws XmlRpcFault {
        if (request.params().size() != expected) {
            throw new XmlRpcFault(XmlRpcFault.INVALID_PARAMS, request.methodName() + " takes " + expected
                    + " parameter(s), got " + request.params().size());
        }
    }

    private static String string(Object v, String what) throws XmlRpcFault {
        if (v instanceof String s) {
            return s;
        }
        throw new XmlRpcFault(XmlRpcFault.INVALID_PARAMS, what + " must be a string, got " + typeName(v));
    }

    private static List<String> strings(Object v, String what) throws XmlRpcFault {
        if (!(v instanceof List<?> list)) {
            throw new XmlRpcFault(XmlRpcFault.INVALID_PARAMS, what + " must be an array, got " + typeName(v));
        }
        List<String> out = new ArrayList<>(list.size());
        for (Object item : list) {
            out.add(string(item, what + " entry"));
        }
        return out;
    }

    private static List<UnitWeight> weights(Object v) throws XmlRpcFault {
        if (!(v instanceof List<?> list)) {
            throw new XmlRpcFault(XmlRpcFault.INVALID_PARAMS, "cost_functions must be an array, got " + typeName(v));
        }
        List<UnitWeight> out = new ArrayList<>(list.size());
        for (Object item : list) {
            if (!(item instanceof List<?> pair) || pair.size() != 2) {
                throw new XmlRpcFault(XmlRpcFault.INVALID_PARAMS, "cost_functions entries must be [name, weight]");
            }
            String name = string(pair.get(0), "cost function name");
            Object w = pair.get(1);
            int weight;
            if (w instanceof Integer i) {
                weight = i;
            } else if (w instanceof String s && s.strip().matches("-?[0-9]{1,9}")) {
                weight = Integer.parseInt(s.strip());
            } else {
                throw new XmlRpcFault(XmlRpcFault.INVALID_PARAMS, "weight of '" + abbreviate(name)
                        + "' must be an integer, got " + typeName(w));
            }
            out.add(new UnitWeight(name, weight));
        }
        return out;
    }

    /** The policy properties: a string-to-string struct, or {@code ""} / nil for none. */
    private static Map<String, String> properties(Object v) throws XmlRpcFault {
        if (v == null || v instanceof String s && s.isBlank()) {
            return Map.of();
        }
        if (!(v instanceof Map<?, ?> map)) {
            throw new XmlRpcFault(XmlRpcFault.INVALID_PARAMS,
                    "properties_map must be a struct, an empty string or nil, got " + typeName(v));
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : map.entrySet()) {
            Object value = e.getValue();
            if (value instanceof List<?> || value instanceof Map<?, ?>) {
                throw new XmlRpcFault(XmlRpcFault.INVALID_PARAMS, "property '" + abbreviate(String.valueOf(e.getKey()))
                        + "' must be a simple value");
            }
            if (value != null) {
                out.put(String.valueOf(e.getKey()), String.valueOf(value));
            }
        }
        return out;
    }

    private static String typeName(Object v) {
        if (v == null) {
            return "nil";
        }
        if (v instanceof List<?>) {
            return "array";
        }
        if (v instanceof Map<?, ?>) {
            return "struct";
        }
        return v.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
    }

    private static String abbreviate(String s) {
        return Abbreviation.abbreviate(s, 80);
    }
}
