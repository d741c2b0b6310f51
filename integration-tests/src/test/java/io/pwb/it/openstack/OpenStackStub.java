package io.pwb.it.openstack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keystone v3, Nova, Placement and Gnocchi on one loopback HTTP server, answering the JSON OpenStack4j and
 * PWB's Gnocchi client read. Tokens can be expired (the next call gets 401) and one-shot failures injected.
 */
final class OpenStackStub implements AutoCloseable {

    record Hypervisor(String id, String hostname, String serviceHost, String state, String status, int vcpus,
                      int memoryMb, int diskGb, double cpuRatio, int reservedVcpus, double hostCpuPercent) {
    }

    record Server(String id, String name, String vmState, String hypervisorId, int vcpus, int ramMb, int diskGb,
                  double cpuPercent, double residentMb) {
    }

    record Request(String method, String path, int status) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final String base;
    private final Map<String, Hypervisor> hypervisors = new LinkedHashMap<>();
    private final Map<String, Server> servers = new ConcurrentHashMap<>();
    private final Set<String> validTokens = ConcurrentHashMap.newKeySet();
    private final AtomicInteger issued = new AtomicInteger();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> failNext = new ConcurrentHashMap<>();
    private final Set<String> expireOnFirst = ConcurrentHashMap.newKeySet();
    private final List<Map<String, Object>> serverGroups = new ArrayList<>();

    OpenStackStub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        base = "http://127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/", this::handle);
        server.start();
    }

    String authUrl() {
        return base + "/identity/v3";
    }

    void addHypervisor(Hypervisor h) {
        hypervisors.put(h.id(), h);
    }

    void addServer(Server s) {
        servers.put(s.id(), s);
    }

    void moveServer(String id, String hypervisorId) {
        Server s = servers.get(id);
        servers.put(id, new Server(s.id(), s.name(), s.vmState(), hypervisorId, s.vcpus(), s.ramMb(), s.diskGb(),
                s.cpuPercent(), s.residentMb()));
    }

    void addServerGroup(String id, String name, String policy, List<String> members) {
        serverGroups.add(Map.of("id", id, "name", name, "policies", List.of(policy), "members", members,
                "metadata", Map.of()));
    }

    /** Every token issued so far stops working, as when they expire. */
    void expireTokens() {
        validTokens.clear();
    }

    /** The first request whose path contains {@code fragment} finds its token expired. */
    void expireTokensOnFirst(String fragment) {
        expireOnFirst.add(fragment);
    }

    /** The next request whose path contains {@code fragment} gets {@code status}. */
    void failNext(String fragment, int status) {
        failNext.put(fragment, status);
    }

    int tokensIssued() {
        return issued.get();
    }

    List<Request> requests() {
        return Collections.unmodifiableList(requests);
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        String method = ex.getRequestMethod();
        try (ex) {
            if (method.equals("POST") && path.equals("/identity/v3/auth/tokens")) {
                issueToken(ex);
                return;
            }
            for (String fragment : List.copyOf(expireOnFirst)) {
                if (path.contains(fragment) && expireOnFirst.remove(fragment)) {
                    validTokens.clear();
                }
            }
            String token = ex.getRequestHeaders().getFirst("X-Auth-Token");
            if (token == null || !validTokens.contains(token)) {
                send(ex, 401, Map.of("error", Map.of("code", 401, "title", "Unauthorized",
                        "message", "The request you have made requires authentication.")));
                return;
            }
            for (Map.Entry<String, Integer> f : failNext.entrySet()) {
                if (path.contains(f.getKey()) && failNext.remove(f.getKey()) != null) {
                    send(ex, f.getValue(), Map.of("message", "Service Unavailable"));
                    return;
                }
            }
            route(ex, method, path);
        } catch (RuntimeException e) {
            send(ex, 500, Map.of("message", e.toString()));
        }
    }

    private void route(HttpExchange ex, String method, String path) throws IOException {
        if (path.equals("/compute/v2.1/os-hypervisors/detail")) {
            List<Object> list = new ArrayList<>();
            for (Hypervisor h : hypervisors.values()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", h.id());
                m.put("hypervisor_hostname", h.hostname());
                m.put("state", h.state());
                m.put("status", h.status());
                m.put("vcpus", h.vcpus());
                m.put("memory_mb", h.memoryMb());
                m.put("local_gb", h.diskGb());
                m.put("hypervisor_type", "QEMU");
                m.put("service", Map.of("host", h.serviceHost(), "id", "svc-" + h.id()));
                list.add(m);
            }
            send(ex, 200, Map.of("hypervisors", list));
        } else if (path.equals("/compute/v2.1/servers/detail")) {
            List<Object> list = new ArrayList<>();
            for (Server s : servers.values()) {
                Hypervisor h = hypervisors.get(s.hypervisorId());
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", s.id());
                m.put("name", s.name());
                m.put("status", s.vmState().equals("active") ? "ACTIVE" : "SHUTOFF");
                m.put("OS-EXT-STS:vm_state", s.vmState());
                m.put("OS-EXT-SRV-ATTR:host", h.serviceHost());
                m.put("OS-EXT-SRV-ATTR:hypervisor_hostname", h.hostname());
                m.put("flavor", Map.of("id", flavorId(s), "links", List.of()));
                m.put("tenant_id", "project-1");
                m.put("metadata", Map.of());
                list.add(m);
            }
            send(ex, 200, Map.of("servers", list));
        } else if (path.equals("/compute/v2.1/flavors/detail")) {
            Map<String, Object> flavors = new LinkedHashMap<>();
            for (Server s : servers.values()) {
                flavors.put(flavorId(s), Map.of("id", flavorId(s), "name", flavorId(s), "vcpus", s.vcpus(),
                        "ram", s.ramMb(), "disk", s.diskGb(), "OS-FLV-EXT-DATA:ephemeral", 0, "swap", 0,
                        "os-flavor-access:is_public", true));
            }
            send(ex, 200, Map.of("flavors", List.copyOf(flavors.values())));
        } else if (path.equals("/compute/v2.1/os-server-groups")) {
            send(ex, 200, Map.of("server_groups", serverGroups));
        } else if (path.startsWith("/placement/resource_providers/") && path.endsWith("/inventories")) {
            String id = path.substring("/placement/resource_providers/".length(), path.length() - "/inventories".length());
            Hypervisor h = hypervisors.get(id);
            if (h == null) {
                send(ex, 404, Map.of("errors", List.of(Map.of("status", 404, "title", "Not Found"))));
                return;
            }
            send(ex, 200, Map.of("resource_provider_generation", 1, "inventories", Map.of(
                    "VCPU", inventory(h.vcpus(), h.reservedVcpus(), h.cpuRatio()),
                    "MEMORY_MB", inventory(h.memoryMb(), 512, 1.5),
                    "DISK_GB", inventory(h.diskGb(), 0, 1.0))));
        } else if (path.startsWith("/metric/v1/resource/instance/")) {
            String[] parts = path.split("/");
            Server s = servers.get(parts[5]);
            String metric = parts[7];
            if (s == null) {
                send(ex, 404, Map.of("description", "Resource not found"));
                return;
            }
            // Gnocchi's rate:mean of the cumulative cpu counter: nanoseconds of CPU time per 300 s step.
            double value = metric.equals("cpu") ? s.cpuPercent() / 100.0 * s.vcpus() * 300 * 1e9 : s.residentMb();
            send(ex, 200, measures(value));
        } else if (method.equals("POST") && path.equals("/metric/v1/search/resource/generic")) {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            List<Object> found = new ArrayList<>();
            for (Hypervisor h : hypervisors.values()) {
                if (body.contains("\"" + h.serviceHost() + "_" + h.serviceHost() + "\"")) {
                    found.add(Map.of("id", "res-" + h.id(), "original_resource_id",
                            h.serviceHost() + "_" + h.serviceHost()));
                }
            }
            send(ex, 200, found);
        } else if (path.startsWith("/metric/v1/resource/generic/res-")) {
            String id = path.split("/")[5].substring(4);
            send(ex, 200, measures(hypervisors.get(id).hostCpuPercent()));
        } else {
            send(ex, 404, Map.of("message", "no stub for " + method + " " + path));
        }
    }

    private static String flavorId(Server s) {
        return "flv-" + s.vcpus() + "-" + s.ramMb() + "-" + s.diskGb();
    }

    private static Map<String, Object> inventory(int total, int reserved, double ratio) {
        return Map.of("total", total, "reserved", reserved, "allocation_ratio", ratio, "min_unit", 1,
                "max_unit", total, "step_size", 1);
    }

    private static List<List<Object>> measures(double value) {
        Instant t = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 3; i >= 1; i--) {
            rows.add(List.of(t.minusSeconds(300L * i).toString(), 300.0, value));
        }
        return rows;
    }

    private void issueToken(HttpExchange ex) throws IOException {
        String token = "tok-" + issued.incrementAndGet();
        validTokens.add(token);
        Map<String, Object> domain = Map.of("id", "default", "name", "Default");
        Map<String, Object> body = Map.of("token", Map.of(
                "methods", List.of("password"),
                "issued_at", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                "expires_at", Instant.now().plusSeconds(3600).truncatedTo(ChronoUnit.SECONDS).toString(),
                "user", Map.of("id", "user-1", "name", "pwb", "domain", domain),
                "project", Map.of("id", "project-1", "name", "admin", "domain", domain),
                "roles", List.of(Map.of("id", "role-1", "name", "admin")),
                "catalog", List.of(
                        service("compute", "nova", base + "/compute/v2.1"),
                        service("placement", "placement", base + "/placement"),
                        service("metric", "gnocchi", base + "/metric"))));
        ex.getResponseHeaders().add("X-Subject-Token", token);
        send(ex, 201, body);
    }

    private static Map<String, Object> service(String type, String name, String url) {
        return Map.of("id", "svc-" + name, "type", type, "name", name, "endpoints", List.of(
                Map.of("id", "ep-" + name, "interface", "public", "region", "RegionOne", "region_id", "RegionOne",
                        "url", url)));
    }

    private void send(HttpExchange ex, int status, Object body) throws IOException {
        requests.add(new Request(ex.getRequestMethod(), ex.getRequestURI().getPath(), status));
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
