package io.pwb.openstack.watcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/** Reads the Watcher scenario files shared with the Python plugin's tests (python/tests/data). */
final class WatcherScenario {

    static final Path DATA = Path.of("python", "tests", "data");

    final List<WatcherNode> nodes = new ArrayList<>();
    final List<WatcherInstance> instances = new ArrayList<>();
    final WatcherMetrics metrics;

    private WatcherScenario(String name) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        var doc = factory.newDocumentBuilder().parse(DATA.resolve(name + ".xml").toFile());
        NodeList children = doc.getDocumentElement().getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            if (!(children.item(i) instanceof Element e)) {
                continue;
            }
            if (e.getTagName().equals("ComputeNode")) {
                nodes.add(new WatcherNode(e.getAttribute("uuid"), e.getAttribute("hostname"), e.getAttribute("state"),
                        e.getAttribute("status"), integer(e, "vcpus"), integer(e, "vcpu_reserved"),
                        number(e, "vcpu_ratio"), integer(e, "memory"), integer(e, "memory_mb_reserved"),
                        number(e, "memory_ratio"), integer(e, "disk"), integer(e, "disk_gb_reserved"),
                        number(e, "disk_ratio")));
                NodeList inner = e.getElementsByTagName("Instance");
                for (int j = 0; j < inner.getLength(); j++) {
                    instances.add(instance((Element) inner.item(j), e.getAttribute("uuid")));
                }
            } else if (e.getTagName().equals("Instance")) {
                instances.add(instance(e, null));
            }
        }
        JsonNode table = new ObjectMapper().readTree(DATA.resolve("scenario_metrics.json").toFile()).get(name);
        metrics = new WatcherMetrics(series(table.get("instance_cpu_usage")), series(table.get("instance_ram_usage")),
                series(table.get("host_cpu_usage")), series(table.get("host_ram_usage")), 300);
    }

    static WatcherScenario load(String name) {
        try {
            return new WatcherScenario(name);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read scenario " + name, e);
        }
    }

    WatcherPlanRequest request(AuditParameters parameters) {
        return new WatcherPlanRequest("audit-1", parameters, nodes, instances, metrics);
    }

    WatcherPlanRequest request(double thresholdPercent, String mode) {
        return request(new AuditParameters(thresholdPercent, 60, 3, mode));
    }

    /** The same scenario with one instance replaced (e.g. locked, or moved to another node). */
    WatcherScenario with(WatcherInstance replacement) {
        instances.replaceAll(i -> i.uuid().equals(replacement.uuid()) ? replacement : i);
        return this;
    }

    WatcherInstance instance(String uuid) {
        return instances.stream().filter(i -> i.uuid().equals(uuid)).findFirst().orElseThrow();
    }

    private static WatcherInstance instance(Element e, String nodeUuid) {
        return new WatcherInstance(e.getAttribute("uuid"), e.getAttribute("name"), e.getAttribute("state"),
                integer(e, "vcpus"), integer(e, "memory"), integer(e, "disk"),
                Boolean.parseBoolean(e.getAttribute("locked")),
                Boolean.parseBoolean(e.getAttribute("watcher_exclude").toLowerCase()), nodeUuid);
    }

    private static Map<String, List<Double>> series(JsonNode object) {
        Map<String, List<Double>> out = new HashMap<>();
        if (object != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                out.put(entry.getKey(), List.of(entry.getValue().asDouble()));
            }
        }
        return out;
    }

    private static int integer(Element e, String attribute) {
        String v = e.getAttribute(attribute);
        return v.isEmpty() ? 0 : Integer.parseInt(v);
    }

    private static double number(Element e, String attribute) {
        String v = e.getAttribute(attribute);
        return v.isEmpty() ? 1.0 : Double.parseDouble(v);
    }
}
