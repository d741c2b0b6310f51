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
 * Keystone v3, Nova, Placement and Gnocchi on one loopback HTTP (or HTTPS) server, answering the JSON OpenStack4j and
 * PWB's Gnocchi client read. The catalog lists each service on three interfaces: public at {@code /<service>},
 * internal at {@code /internal/<service>}, admin at {@code /admin/<service>}, all served alike (requests keep the
 * path asked). Tokens can be expired (the next call gets 401) and one-shot failures injected.
 */
final class OpenStackStub implements AutoCloseable {

    record Hypervisor(String id, String hostname, String serviceHost, String state, String status, int vcpus,
                      int memoryMb, int diskGb, double cpuRatio, int reservedVcpus, double hostCpuPercent) {
    }

    record Server(String id, String name, String vmState, String hypervisorId, int vcpus, int ramMb, int diskGb,
                  double cpuPercent, double residentMb, boolean locked) {

        Server(String id, String name, String vmState, String hypervisorId, int vcpus, int ramMb, int diskGb,
               double cpuPercent, double residentMb) {
            this(id, name, vmState, hypervisorId, vcpus, ramMb, diskGb, cpuPercent, residentMb, false);
        }
    }

    /** One request answered: its path, raw query (null without one) and status. */
    record Request(String method, String path, String query, int status) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The project PWB's token is scoped to. */
    static final String PROJECT = "project-1";

    static {
        // Answer without Nagle's delay (the JDK server writes headers and body separately; with the client's
        // delayed ACK every request would wait ~40 ms), so that the stub's latency is not the figure measured.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private volatile HttpServer tlsServer;
    private final java.util.concurrent.ExecutorService executor = java.util.concurrent.Executors.newFixedThreadPool(4);
    private final String base;
    private final Map<String, Hypervisor> hypervisors = new LinkedHashMap<>();
    private final Map<String, Server> servers = new java.util.concurrent.ConcurrentSkipListMap<>();
    private final Map<String, Integer> maxLimits = new ConcurrentHashMap<>();
    private volatile int maxMicroversion = 96;
    private volatile boolean omitLocked;
    private volatile boolean refuseAllProjects;
    private final Set<String> flavorUnknown = ConcurrentHashMap.newKeySet();
    private final Set<String> withoutResourceProvider = ConcurrentHashMap.newKeySet();
    private final Prometheus prometheus = new Prometheus();
    private final Set<String> validTokens = ConcurrentHashMap.newKeySet();
    private final AtomicInteger issued = new AtomicInteger();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, Integer> failNext = new ConcurrentHashMap<>();
    private final Set<String> expireOnFirst = ConcurrentHashMap.newKeySet();
    private final List<Map<String, Object>> serverGroups = new ArrayList<>();
    private final Map<String, String> catalogOverrides = new ConcurrentHashMap<>();

    OpenStackStub() throws IOException {
        this(null);
    }

    /** With a server TLS context, everything (and every URL of the catalog) is HTTPS only. */
    OpenStackStub(javax.net.ssl.SSLContext tls) throws IOException {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        if (tls == null) {
            server = HttpServer.create(loopback, 0);
        } else {
            com.sun.net.httpserver.HttpsServer https = com.sun.net.httpserver.HttpsServer.create(loopback, 0);
            https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
            server = https;
        }
        base = (tls == null ? "http" : "https") + "://127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/", this::handle);
        server.setExecutor(executor);
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
                s.cpuPercent(), s.residentMb(), s.locked()));
    }

    /** A server group of the project PWB's token is scoped to. */
    void addServerGroup(String id, String name, String policy, List<String> members) {
        addServerGroup(id, name, policy, members, PROJECT);
    }

    void addServerGroup(String id, String name, String policy, List<String> members, String projectId) {
        serverGroups.add(Map.of("id", id, "name", name, "policy", policy, "members", members,
                "project_id", projectId));
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

    /** The catalog lists this URL for every interface of that service type (e.g. a URL without its scheme). */
    void catalogUrl(String serviceType, String url) {
        catalogOverrides.put(serviceType, url);
    }

    int tokensIssued() {
        return issued.get();
    }

    List<Request> requests() {
        return Collections.unmodifiableList(requests);
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath().replaceFirst("^/(internal|admin)/", "/");
        String method = ex.getRequestMethod();
        try (ex) {
            if (method.equals("POST") && path.equals("/identity/v3/auth/tokens")) {
                issueToken(ex);
                return;
            }
            if (path.startsWith("/prometheus/")) {
                prometheus.handle(ex, path);
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
        int microversion = path.startsWith("/compute/") ? microversion(ex) : 0;
        if (microversion > maxMicroversion) {
            send(ex, 406, Map.of("computeFault", Map.of("code", 406, "message", "Version 2." + microversion
                    + " is not supported by the API. Minimum is 2.1 and maximum is 2." + maxMicroversion + ".")));
            return;
        }
        if (path.equals("/compute/v2.1/os-hypervisors/detail")) {
            // Nova pages hypervisors with limit and marker from 2.33 (by UUID from 2.53) and, from 2.88, no longer
            // reports their sizes.
            Page<Hypervisor> page = page(hypervisors.values().stream()
                    .sorted(java.util.Comparator.comparing(Hypervisor::id)).toList(), Hypervisor::id,
                    queryParam(ex, "marker"), limit(ex, "hypervisors"));
            List<Object> list = new ArrayList<>();
            for (Hypervisor h : page.items()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", h.id());
                m.put("hypervisor_hostname", h.hostname());
                m.put("state", h.state());
                m.put("status", h.status());
                if (microversion < 88) {
                    m.put("vcpus", h.vcpus());
                    m.put("memory_mb", h.memoryMb());
                    m.put("local_gb", h.diskGb());
                }
                m.put("hypervisor_type", "QEMU");
                m.put("service", Map.of("host", h.serviceHost(), "id", "svc-" + h.id()));
                list.add(m);
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("hypervisors", list);
            page.nextMarker().ifPresent(marker -> body.put("hypervisors_links", List.of(Map.of("rel", "next",
                    "href", base + "/compute/v2.1/os-hypervisors/detail?marker=" + marker))));
            send(ex, 200, body);
        } else if (path.equals("/compute/v2.1/servers/detail")) {
            boolean withLocked = !omitLocked && microversion >= 9;
            Page<Server> page = page(List.copyOf(servers.values()), Server::id, queryParam(ex, "marker"),
                    limit(ex, "servers"));
            List<Object> list = new ArrayList<>();
            for (Server s : page.items()) {
                Hypervisor h = hypervisors.get(s.hypervisorId());
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", s.id());
                m.put("name", s.name());
                m.put("status", s.vmState().equals("active") ? "ACTIVE" : "SHUTOFF");
                m.put("OS-EXT-STS:vm_state", s.vmState());
                m.put("OS-EXT-SRV-ATTR:host", h.serviceHost());
                m.put("OS-EXT-SRV-ATTR:hypervisor_hostname", h.hostname());
                if (!flavorUnknown.contains(s.id())) {
                    // From 2.47 Nova embeds the flavor's sizes, kept with the server (a private or deleted flavor
                    // keeps them); before, only the flavor's id, and this stub serves no /flavors to look it up.
                    m.put("flavor", microversion >= 47
                            ? Map.of("original_name", flavorId(s), "vcpus", s.vcpus(), "ram", s.ramMb(), "disk",
                                    s.diskGb(), "ephemeral", 0, "swap", 0, "extra_specs", Map.of())
                            : Map.of("id", flavorId(s), "links", List.of()));
                }
                m.put("tenant_id", PROJECT);
                m.put("metadata", Map.of());
                if (withLocked) {
                    m.put("locked", s.locked()); // Nova's server details carry it from microversion 2.9
                }
                list.add(m);
            }
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("servers", list);
            page.nextMarker().ifPresent(marker -> body.put("servers_links", List.of(Map.of("rel", "next", "href",
                    base + "/compute/v2.1/servers/detail?all_tenants=True&marker=" + marker))));
            send(ex, 200, body);
        } else if (path.equals("/compute/v2.1/os-server-groups")) {
            boolean allProjects = queryParam(ex, "all_projects") != null;
            if (allProjects && refuseAllProjects) {
                send(ex, 403, Map.of("forbidden", Map.of("code", 403, "message", "Policy doesn't allow "
                        + "os_compute_api:os-server-groups:index:all_projects to be performed.")));
                return;
            }
            // Nova's common.limited: from offset, at most min(limit, max_limit) groups, and no links.
            List<Object> visible = new ArrayList<>();
            for (Map<String, Object> g : serverGroups) {
                if (allProjects || PROJECT.equals(g.get("project_id"))) {
                    Map<String, Object> m = new LinkedHashMap<>(g);
                    if (microversion < 64) {
                        m.put("policies", List.of(m.remove("policy"))); // a list of one policy before 2.64
                    }
                    visible.add(m);
                }
            }
            String offsetParam = queryParam(ex, "offset");
            int offset = Math.min(offsetParam == null ? 0 : Integer.parseInt(offsetParam), visible.size());
            int size = limit(ex, "server_groups");
            send(ex, 200, Map.of("server_groups", visible.subList(offset, Math.min(offset + size, visible.size()))));
        } else if (path.startsWith("/placement/resource_providers/") && path.endsWith("/inventories")) {
            String id = path.substring("/placement/resource_providers/".length(), path.length() - "/inventories".length());
            Hypervisor h = hypervisors.get(id);
            if (h == null || withoutResourceProvider.contains(id)) {
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

    /** Answer server details without {@code locked}, as a Nova that ignores the microversion header would. */
    void omitLocked(boolean omit) {
        omitLocked = omit;
    }

    /**
     * Nova cuts this list ({@code servers} and {@code hypervisors}: pages with a next link; {@code server_groups}:
     * by offset, without links) at this many items (its max_limit, 1000 by default).
     */
    void maxLimit(String list, int size) {
        maxLimits.put(list, size);
    }

    /** The newest compute microversion this Nova serves; a request for a newer one gets 406, as from Nova. */
    void maxMicroversion(int minor) {
        maxMicroversion = minor;
    }

    /** Listing the server groups of all projects is refused (403), as for a user without the admin role. */
    void refuseAllProjects(boolean refuse) {
        refuseAllProjects = refuse;
    }

    /** The server's details carry no flavor (as for a server whose cell is down). */
    void flavorUnknown(String serverId) {
        flavorUnknown.add(serverId);
    }

    /** Placement has no resource provider for this hypervisor (404 for its inventories). */
    void withoutResourceProvider(String hypervisorId) {
        withoutResourceProvider.add(hypervisorId);
    }

    /** One page of a list sorted by id (Nova's marker is the last id of the page before): the items after the marker, and the marker of the next page if any. */
    private record Page<T>(List<T> items, java.util.Optional<String> nextMarker) {
    }

    private static <T> Page<T> page(List<T> all, java.util.function.Function<T, String> id, String marker, int limit) {
        List<T> items = new ArrayList<>();
        for (T item : all) {
            if (marker != null && id.apply(item).compareTo(marker) <= 0) {
                continue;
            }
            if (items.size() == limit) {
                return new Page<>(items, java.util.Optional.of(id.apply(items.get(items.size() - 1))));
            }
            items.add(item);
        }
        return new Page<>(items, java.util.Optional.empty());
    }

    /** The request's limit, capped at Nova's max_limit for that list. */
    private int limit(HttpExchange ex, String list) {
        int maxLimit = maxLimits.getOrDefault(list, 1000);
        String limit = queryParam(ex, "limit");
        return limit == null ? maxLimit : Math.min(maxLimit, Integer.parseInt(limit));
    }


    Prometheus prometheus() {
        return prometheus;
    }

    String prometheusUrl() {
        return base + "/prometheus";
    }

    /** Also serves everything over HTTPS with this server context; returns Prometheus' HTTPS URL. */
    String prometheusTlsUrl(javax.net.ssl.SSLContext context) throws IOException {
        com.sun.net.httpserver.HttpsServer https = com.sun.net.httpserver.HttpsServer.create(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(context));
        https.createContext("/", this::handle);
        https.setExecutor(executor);
        https.start();
        tlsServer = https;
        return "https://127.0.0.1:" + https.getAddress().getPort() + "/prometheus";
    }

    /** The compute microversion asked (2.1, Nova's minimum, without the header). */
    private static int microversion(HttpExchange ex) {
        String v = ex.getRequestHeaders().getFirst("X-OpenStack-Nova-API-Version");
        if (v == null) {
            return 1;
        }
        int dot = v.indexOf('.');
        return dot < 0 ? 1 : Integer.parseInt(v.strip().substring(dot + 1));
    }

    private static String queryParam(HttpExchange ex, String name) {
        String q = ex.getRequestURI().getRawQuery();
        if (q == null) {
            return null;
        }
        for (String kv : q.split("&")) {
            if (kv.startsWith(name + "=")) {
                return java.net.URLDecoder.decode(kv.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
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
                "project", Map.of("id", PROJECT, "name", "admin", "domain", domain),
                "roles", List.of(Map.of("id", "role-1", "name", "admin")),
                "catalog", List.of(
                        service("compute", "nova", "/compute/v2.1"),
                        service("placement", "placement", "/placement"),
                        service("metric", "gnocchi", "/metric"))));
        ex.getResponseHeaders().add("X-Subject-Token", token);
        send(ex, 201, body);
    }

    private Map<String, Object> service(String type, String name, String path) {
        List<Object> endpoints = new ArrayList<>();
        for (String iface : List.of("public", "internal", "admin")) {
            String url = catalogOverrides.getOrDefault(type, base + (iface.equals("public") ? "" : "/" + iface) + path);
            endpoints.add(Map.of("id", "ep-" + name + "-" + iface, "interface", iface, "region", "RegionOne",
                    "region_id", "RegionOne", "url", url));
        }
        return Map.of("id", "svc-" + name, "type", type, "name", name, "endpoints", endpoints);
    }

    /**
     * Prometheus' HTTP API ({@code POST /prometheus/api/v1/query_range}) over the stub's hypervisors and servers:
     * node_exporter series labelled with the hypervisor's FQDN, Ceilometer's instance series labelled with the
     * server UUID. It answers only the queries PWB's collector sends (anything else is a 400 bad_data, as
     * Prometheus answers a query it cannot parse) and groups by the label the query names, so that a query with
     * the wrong label gets series without it, as a real Prometheus would. Failures can be injected.
     */
    final class Prometheus {
        private volatile String fqdnLabel = "fqdn";
        private volatile String uuidLabel = "resource";
        private volatile String requiredToken;
        private final AtomicInteger failNext = new AtomicInteger();
        private final java.util.concurrent.atomic.AtomicBoolean errorNext = new java.util.concurrent.atomic.AtomicBoolean();
        private final java.util.concurrent.atomic.AtomicBoolean malformedNext = new java.util.concurrent.atomic.AtomicBoolean();
        private final java.util.concurrent.atomic.AtomicLong delayNextMillis = new java.util.concurrent.atomic.AtomicLong();
        private final Set<String> missing = ConcurrentHashMap.newKeySet();
        private final Set<String> nonFinite = ConcurrentHashMap.newKeySet();
        private final List<String> queries = new CopyOnWriteArrayList<>();
        private final List<String> authorizations = new CopyOnWriteArrayList<>();

        /** The labels the exporters' series carry (Watcher's fqdn_label and instance_uuid_label). */
        void labels(String fqdn, String uuid) {
            fqdnLabel = fqdn;
            uuidLabel = uuid;
        }

        /** Requests without {@code Authorization: Bearer <token>} get 401. */
        void requireToken(String token) {
            requiredToken = token;
        }

        void failNext(int status) {
            failNext.set(status);
        }

        /** The next query fails inside Prometheus: HTTP 422, {@code "status": "error"}. */
        void errorNext() {
            errorNext.set(true);
        }

        /** The next answer is cut off mid-JSON. */
        void malformedNext() {
            malformedNext.set(true);
        }

        void delayNext(long millis) {
            delayNextMillis.set(millis);
        }

        /** The server has no instance series (e.g. Ceilometer has not polled it yet). */
        void noSeriesFor(String serverId) {
            missing.add(serverId);
        }

        /** The server's series has a +Inf first and a NaN last point. */
        void nonFiniteFor(String serverId) {
            nonFinite.add(serverId);
        }

        List<String> queries() {
            return List.copyOf(queries);
        }

        List<String> authorizations() {
            return List.copyOf(authorizations);
        }

        private void handle(HttpExchange ex, String path) throws IOException {
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            authorizations.add(auth == null ? "" : auth);
            long delay = delayNextMillis.getAndSet(0);
            if (delay > 0) {
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (!path.equals("/prometheus/api/v1/query_range") || !ex.getRequestMethod().equals("POST")) {
                send(ex, 404, Map.of("status", "error", "errorType", "not_found", "error", "no stub for " + path));
                return;
            }
            if (requiredToken != null && !("Bearer " + requiredToken).equals(auth)) {
                sendRaw(ex, 401, "text/plain", "Unauthorized\n");
                return;
            }
            int fail = failNext.getAndSet(0);
            if (fail != 0) {
                sendRaw(ex, fail, "text/plain", "Service Unavailable\n");
                return;
            }
            Map<String, String> form = form(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            String query = form.getOrDefault("query", "");
            queries.add(query);
            if (errorNext.getAndSet(false)) {
                send(ex, 422, Map.of("status", "error", "errorType", "execution",
                        "error", "query timed out in expression evaluation"));
                return;
            }
            if (malformedNext.getAndSet(false)) {
                sendRaw(ex, 200, "application/json", "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":");
                return;
            }
            long start;
            long end;
            long step;
            try {
                start = (long) Double.parseDouble(form.get("start"));
                end = (long) Double.parseDouble(form.get("end"));
                step = Long.parseLong(form.get("step"));
            } catch (RuntimeException e) {
                badData(ex, "invalid start, end or step");
                return;
            }
            if (step <= 0 || end < start) {
                badData(ex, "end timestamp must not be before start time");
                return;
            }
            if ((end - start) / step > 11_000) {
                badData(ex, "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query "
                        + "resolution (?step=XX)");
                return;
            }
            java.util.regex.Matcher m;
            List<Map<String, Object>> result = new ArrayList<>();
            if ((m = java.util.regex.Pattern.compile("sum by \\((\\w+)\\) \\(rate\\(ceilometer_cpu\\[" + step
                    + "s\\]\\)\\)").matcher(query)).matches()) {
                for (Server s : servers.values()) {
                    if (!missing.contains(s.id())) {
                        result.add(series(m.group(1), uuidLabel, s.id(), s.id(), start, end, step,
                                s.cpuPercent() / 100.0 * s.vcpus() * 1e9));
                    }
                }
            } else if ((m = java.util.regex.Pattern.compile("avg by \\((\\w+)\\) \\(avg_over_time\\("
                    + "ceilometer_memory_usage\\[" + step + "s\\]\\)\\)").matcher(query)).matches()) {
                for (Server s : servers.values()) {
                    if (!missing.contains(s.id())) {
                        result.add(series(m.group(1), uuidLabel, s.id(), s.id(), start, end, step, s.residentMb()));
                    }
                }
            } else if ((m = java.util.regex.Pattern.compile("100 - avg by \\((\\w+)\\) \\(rate\\("
                    + "node_cpu_seconds_total\\{mode=\"idle\"\\}\\[" + step + "s\\]\\)\\) \\* 100")
                    .matcher(query)).matches()) {
                for (Hypervisor h : hypervisors.values()) {
                    result.add(series(m.group(1), fqdnLabel, h.hostname(), null, start, end, step,
                            h.hostCpuPercent()));
                }
            } else if ((m = java.util.regex.Pattern.compile("avg by \\((\\w+)\\) \\(node_memory_MemTotal_bytes - "
                    + "avg_over_time\\(node_memory_MemAvailable_bytes\\[" + step + "s\\]\\)\\) / 1024")
                    .matcher(query)).matches()) {
                for (Hypervisor h : hypervisors.values()) {
                    result.add(series(m.group(1), fqdnLabel, h.hostname(), null, start, end, step,
                            hostRamUsedKib(h)));
                }
            } else {
                badData(ex, "1:1: parse error: unexpected query for this stub");
                return;
            }
            if (result.size() > 1 && result.stream().allMatch(r -> ((Map<?, ?>) r.get("metric")).isEmpty())) {
                // Grouped by a label no series has: Prometheus folds them into one series without labels.
                result = List.of(result.get(0));
            }
            send(ex, 200, Map.of("status", "success", "data", Map.of("resultType", "matrix", "result", result)));
        }

        private Map<String, Object> series(String groupBy, String realLabel, String labelValue, String serverId,
                                           long start, long end, long step, double value) {
            Map<String, Object> metric = groupBy.equals(realLabel) ? Map.of(realLabel, labelValue) : Map.of();
            List<List<Object>> values = new ArrayList<>();
            for (long t = start; t <= end; t += step) {
                String v = new java.math.BigDecimal(value).stripTrailingZeros().toPlainString();
                if (serverId != null && nonFinite.contains(serverId)) {
                    v = t == start ? "+Inf" : t + step > end ? "NaN" : v;
                }
                values.add(List.of(t, v));
            }
            return Map.of("metric", metric, "values", values);
        }

        private void badData(HttpExchange ex, String error) throws IOException {
            send(ex, 400, Map.of("status", "error", "errorType", "bad_data", "error", error));
        }
    }

    /** Host memory in use as the stub's node_exporter reports it: a quarter of the hypervisor's memory, in KiB. */
    static double hostRamUsedKib(Hypervisor h) {
        return h.memoryMb() * 1024.0 / 4;
    }

    private static Map<String, String> form(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String kv : body.split("&")) {
            int eq = kv.indexOf('=');
            if (eq > 0) {
                out.put(java.net.URLDecoder.decode(kv.substring(0, eq), StandardCharsets.UTF_8),
                        java.net.URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private void sendRaw(HttpExchange ex, int status, String contentType, String body) throws IOException {
        requests.add(new Request(ex.getRequestMethod(), ex.getRequestURI().getPath(), ex.getRequestURI().getRawQuery(),
                status));
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private void send(HttpExchange ex, int status, Object body) throws IOException {
        requests.add(new Request(ex.getRequestMethod(), ex.getRequestURI().getPath(), ex.getRequestURI().getRawQuery(),
                status));
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
        if (tlsServer != null) {
            tlsServer.stop(0);
        }
        executor.shutdownNow();
    }
}
