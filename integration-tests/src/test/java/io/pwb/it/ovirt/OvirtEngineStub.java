package io.pwb.it.ovirt;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for an oVirt engine, driven by a mutable scenario: a real HTTPS server on loopback serving the SSO
 * token endpoint, {@code /ovirt-engine/services/sso-logout} and the {@code /ovirt-engine/api} paths the collector
 * reads (hosts, vms, statistics, nics, disk attachments, disks, clusters, affinity groups) with XML shaped as the
 * real API returns it (href/id attributes, {@code <link rel=...>} sub-collections, statistics with UUIDv3 ids).
 * API calls need the bearer token it issued. {@link #down} makes every call fail with 503, as during an engine
 * restart; {@link #hung} makes every API call wait unanswered (as an engine that accepts connections and never
 * replies), {@link #answerDelayMillis} makes each answer late (a slow engine).
 */
final class OvirtEngineStub implements AutoCloseable {

    static final String API = "/ovirt-engine/api";

    static {
        // Without TCP_NODELAY the JDK server's small responses wait for delayed ACKs (~40 ms per request).
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** A host of the scenario; statistics are what the engine would report now. */
    static final class StubHost {
        final String id;
        final String name;
        volatile String status = "up";
        final int cores;
        final int speedMhz;
        final long memoryBytes;
        volatile double cpuUserPercent;
        volatile double cpuSystemPercent;
        volatile long memoryUsedBytes;
        volatile double nicRxBytesPerSecond;

        StubHost(String id, String name, int cores, int speedMhz, long memoryBytes) {
            this.id = id;
            this.name = name;
            this.cores = cores;
            this.speedMhz = speedMhz;
            this.memoryBytes = memoryBytes;
        }
    }

    static final class StubVm {
        final String id;
        final String name;
        final int vcpus;
        final long memoryBytes;
        volatile String hostId;
        volatile String status = "up";
        /** placement_policy/affinity: migratable (the engine's default), user_migratable, pinned; null = none sent. */
        volatile String placementAffinity = "migratable";
        volatile double cpuGuestPercent;
        volatile long memoryUsedBytes;
        volatile double diskWriteBytesPerSecond;

        StubVm(String id, String name, int vcpus, long memoryBytes, String hostId) {
            this.id = id;
            this.name = name;
            this.vcpus = vcpus;
            this.memoryBytes = memoryBytes;
            this.hostId = hostId;
        }
    }

    record StubGroup(String id, String name, boolean positive, boolean enforcing, List<String> vmIds) {
    }

    static final String CLUSTER_ID = "c0000000-0000-0000-0000-000000000001";

    final Map<String, StubHost> hosts = new ConcurrentHashMap<>();
    final Map<String, StubVm> vms = new ConcurrentHashMap<>();
    final List<StubGroup> groups = new CopyOnWriteArrayList<>();
    final AtomicInteger tokensIssued = new AtomicInteger();
    final AtomicInteger logouts = new AtomicInteger();
    /** Every token issued, in order, and those revoked through sso-logout. */
    final List<String> issuedTokens = new CopyOnWriteArrayList<>();
    final List<String> revokedTokens = new CopyOnWriteArrayList<>();
    /** The query strings of the host and VM list requests ("" for none): the real engine pages only on max/search. */
    final List<String> listQueries = new CopyOnWriteArrayList<>();
    final AtomicInteger apiCalls = new AtomicInteger();
    final List<String> passwordsSeen = new CopyOnWriteArrayList<>();
    volatile boolean down;
    /** Calls (token or API) answered 503 because the engine was {@link #down}. */
    final AtomicInteger refusedWhileDown = new AtomicInteger();
    volatile boolean hung;
    volatile long answerDelayMillis;
    /** API calls that arrived while {@link #hung}. */
    final AtomicInteger hungCalls = new AtomicInteger();
    private volatile boolean closed;

    private final String user;
    private final String password;
    private final Map<String, Boolean> tokens = new ConcurrentHashMap<>();
    private final HttpsServer server;

    OvirtEngineStub(SSLContext tls, String user, String password) throws IOException {
        this.user = user;
        this.password = password;
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/ovirt-engine/sso/oauth/token", this::token);
        server.createContext("/ovirt-engine/services/sso-logout", this::logout);
        server.createContext(API, this::api);
        server.start();
    }

    /** Whether the engine still accepts a token (issued and not revoked). */
    boolean valid(String token) {
        return tokens.containsKey(token);
    }

    String apiUrl() {
        return "https://127.0.0.1:" + server.getAddress().getPort() + API;
    }

    StubHost addHost(String name, int cores, int speedMhz, long memoryBytes) {
        StubHost h = new StubHost(UUID.nameUUIDFromBytes(("host:" + name).getBytes(StandardCharsets.UTF_8)).toString(),
                name, cores, speedMhz, memoryBytes);
        hosts.put(h.id, h);
        return h;
    }

    StubVm addVm(String name, int vcpus, long memoryBytes, StubHost on) {
        StubVm v = new StubVm(UUID.nameUUIDFromBytes(("vm:" + name).getBytes(StandardCharsets.UTF_8)).toString(),
                name, vcpus, memoryBytes, on == null ? null : on.id);
        vms.put(v.id, v);
        return v;
    }

    @Override
    public void close() {
        closed = true;
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    // ---- SSO ----

    private void token(HttpExchange ex) throws IOException {
        if (down) {
            refusedWhileDown.incrementAndGet();
            send(ex, 503, "text/html", "<html><body>Service Unavailable</body></html>");
            return;
        }
        Map<String, String> form = form(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        passwordsSeen.add(form.getOrDefault("password", ""));
        if (!"POST".equals(ex.getRequestMethod()) || !"password".equals(form.get("grant_type"))
                || !"ovirt-app-api".equals(form.get("scope"))) {
            send(ex, 400, "application/json", "{\"error\":\"invalid_request\",\"error_description\":\"bad grant\"}");
            return;
        }
        if (!user.equals(form.get("username")) || !password.equals(form.get("password"))) {
            send(ex, 401, "application/json",
                    "{\"error\":\"access_denied\",\"error_description\":\"Cannot authenticate user\"}");
            return;
        }
        String token = "tok-" + tokensIssued.incrementAndGet() + "-" + UUID.randomUUID();
        tokens.put(token, true);
        issuedTokens.add(token);
        send(ex, 200, "application/json", "{\"access_token\":\"" + token + "\",\"scope\":\"ovirt-app-api\","
                + "\"exp\":\"" + (System.currentTimeMillis() + 3_600_000L) + "\",\"token_type\":\"bearer\"}");
    }

    private void logout(HttpExchange ex) throws IOException {
        Map<String, String> form = form(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        if (form.containsKey("token") && tokens.remove(form.get("token")) != null) {
            logouts.incrementAndGet();
            revokedTokens.add(form.get("token"));
        }
        send(ex, 200, "application/json", "{}");
    }

    // ---- API ----

    private static final Pattern HOST_STATS = Pattern.compile(API + "/hosts/([^/]+)/statistics");
    private static final Pattern HOST_NICS = Pattern.compile(API + "/hosts/([^/]+)/nics");
    private static final Pattern HOST_NIC_STATS = Pattern.compile(API + "/hosts/([^/]+)/nics/([^/]+)/statistics");
    private static final Pattern VM_STATS = Pattern.compile(API + "/vms/([^/]+)/statistics");
    private static final Pattern VM_NICS = Pattern.compile(API + "/vms/([^/]+)/nics");
    private static final Pattern VM_NIC_STATS = Pattern.compile(API + "/vms/([^/]+)/nics/([^/]+)/statistics");
    private static final Pattern VM_DISK_ATTACHMENTS = Pattern.compile(API + "/vms/([^/]+)/diskattachments");
    private static final Pattern DISK = Pattern.compile(API + "/disks/([^/]+)");
    private static final Pattern DISK_STATS = Pattern.compile(API + "/disks/([^/]+)/statistics");
    private static final Pattern GROUPS = Pattern.compile(API + "/clusters/([^/]+)/affinitygroups");
    private static final Pattern GROUP_VMS = Pattern.compile(API + "/clusters/([^/]+)/affinitygroups/([^/]+)/vms");

    private void api(HttpExchange ex) throws IOException {
        apiCalls.incrementAndGet();
        if (hung) {
            hungCalls.incrementAndGet();
        }
        try {
            while (hung && !closed) {
                Thread.sleep(20);
            }
            Thread.sleep(answerDelayMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        if (down) {
            refusedWhileDown.incrementAndGet();
            send(ex, 503, "text/html", "<html><body>Service Unavailable</body></html>");
            return;
        }
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !auth.startsWith("Bearer ") || !tokens.containsKey(auth.substring(7))) {
            send(ex, 401, "application/xml", "<fault><reason>Operation Failed</reason><detail>unauthorized</detail></fault>");
            return;
        }
        String path = URI.create(ex.getRequestURI().toString()).getPath();
        Matcher m;
        String xml;
        if (path.equals(API + "/hosts") || path.equals(API + "/vms")) {
            String query = ex.getRequestURI().getRawQuery();
            listQueries.add(query == null ? "" : query);
        }
        if (path.equals(API + "/hosts")) {
            xml = hostsXml();
        } else if ((m = HOST_STATS.matcher(path)).matches() && hosts.containsKey(m.group(1))) {
            xml = hostStatistics(hosts.get(m.group(1)));
        } else if ((m = HOST_NICS.matcher(path)).matches() && hosts.containsKey(m.group(1))) {
            String nic = nicId(m.group(1));
            xml = "<host_nics><host_nic href=\"" + API + "/hosts/" + m.group(1) + "/nics/" + nic + "\" id=\"" + nic
                    + "\"><name>eth0</name><link href=\"" + API + "/hosts/" + m.group(1) + "/nics/" + nic
                    + "/statistics\" rel=\"statistics\"/><host href=\"" + API + "/hosts/" + m.group(1) + "\" id=\""
                    + m.group(1) + "\"/></host_nic></host_nics>";
        } else if ((m = HOST_NIC_STATS.matcher(path)).matches() && hosts.containsKey(m.group(1))) {
            StubHost h = hosts.get(m.group(1));
            xml = statistics("host_nic", m.group(2), API + "/hosts/" + h.id + "/nics/" + m.group(2),
                    stat("data.current.rx", "Receive data rate", "decimal", "bytes_per_second", h.nicRxBytesPerSecond),
                    stat("data.current.tx", "Transmit data rate", "decimal", "bytes_per_second", 0));
        } else if (path.equals(API + "/vms")) {
            xml = vmsXml(new ArrayList<>(vms.values()));
        } else if ((m = VM_STATS.matcher(path)).matches() && vms.containsKey(m.group(1))) {
            xml = vmStatistics(vms.get(m.group(1)));
        } else if ((m = VM_NICS.matcher(path)).matches() && vms.containsKey(m.group(1))) {
            String nic = nicId(m.group(1));
            xml = "<nics><nic href=\"" + API + "/vms/" + m.group(1) + "/nics/" + nic + "\" id=\"" + nic
                    + "\"><name>nic1</name><link href=\"" + API + "/vms/" + m.group(1) + "/nics/" + nic
                    + "/statistics\" rel=\"statistics\"/><vm href=\"" + API + "/vms/" + m.group(1) + "\" id=\""
                    + m.group(1) + "\"/></nic></nics>";
        } else if ((m = VM_NIC_STATS.matcher(path)).matches() && vms.containsKey(m.group(1))) {
            xml = statistics("nic", m.group(2), API + "/vms/" + m.group(1) + "/nics/" + m.group(2),
                    stat("data.current.rx", "Receive data rate", "decimal", "bytes_per_second", 1000),
                    stat("data.current.tx", "Transmit data rate", "decimal", "bytes_per_second", 2000));
        } else if ((m = VM_DISK_ATTACHMENTS.matcher(path)).matches() && vms.containsKey(m.group(1))) {
            String disk = diskId(m.group(1));
            xml = "<disk_attachments><disk_attachment href=\"" + API + "/vms/" + m.group(1) + "/diskattachments/"
                    + disk + "\" id=\"" + disk + "\"><active>true</active><bootable>true</bootable>"
                    + "<interface>virtio_scsi</interface><disk href=\"" + API + "/disks/" + disk + "\" id=\"" + disk
                    + "\"/><vm href=\"" + API + "/vms/" + m.group(1) + "\" id=\"" + m.group(1)
                    + "\"/></disk_attachment></disk_attachments>";
        } else if ((m = DISK_STATS.matcher(path)).matches() && diskOwner(m.group(1)) != null) {
            StubVm v = diskOwner(m.group(1));
            xml = statistics("disk", m.group(1), API + "/disks/" + m.group(1),
                    stat("data.current.read", "Read data rate", "decimal", "bytes_per_second", 0),
                    stat("data.current.write", "Write data rate", "decimal", "bytes_per_second", v.diskWriteBytesPerSecond));
        } else if ((m = DISK.matcher(path)).matches() && diskOwner(m.group(1)) != null) {
            xml = "<disk href=\"" + API + "/disks/" + m.group(1) + "\" id=\"" + m.group(1) + "\"><name>"
                    + diskOwner(m.group(1)).name + "_Disk1</name><link href=\"" + API + "/disks/" + m.group(1)
                    + "/statistics\" rel=\"statistics\"/><status>ok</status></disk>";
        } else if (path.equals(API + "/clusters")) {
            xml = "<clusters><cluster href=\"" + API + "/clusters/" + CLUSTER_ID + "\" id=\"" + CLUSTER_ID + "\">"
                    + "<name>Default</name><link href=\"" + API + "/clusters/" + CLUSTER_ID
                    + "/affinitygroups\" rel=\"affinitygroups\"/></cluster></clusters>";
        } else if ((m = GROUP_VMS.matcher(path)).matches()) {
            String gid = m.group(2);
            StubGroup g = groups.stream().filter(x -> x.id().equals(gid)).findFirst().orElse(null);
            xml = g == null ? null : vmsXml(g.vmIds().stream().map(vms::get).filter(java.util.Objects::nonNull).toList());
        } else if ((m = GROUPS.matcher(path)).matches() && CLUSTER_ID.equals(m.group(1))) {
            xml = groupsXml();
        } else {
            xml = null;
        }
        if (xml == null) {
            send(ex, 404, "application/xml", "<fault><reason>Operation Failed</reason><detail>Entity not found: "
                    + path + "</detail></fault>");
        } else {
            send(ex, 200, "application/xml", xml);
        }
    }

    private String hostsXml() {
        StringBuilder sb = new StringBuilder("<hosts>");
        for (StubHost h : hosts.values()) {
            String href = API + "/hosts/" + h.id;
            long active = vms.values().stream().filter(v -> h.id.equals(v.hostId)).count();
            sb.append("<host href=\"").append(href).append("\" id=\"").append(h.id).append("\">")
                    .append("<actions><link href=\"").append(href).append("/deactivate\" rel=\"deactivate\"/></actions>")
                    .append("<name>").append(h.name).append("</name>")
                    .append("<link href=\"").append(href).append("/nics\" rel=\"nics\"/>")
                    .append("<link href=\"").append(href).append("/statistics\" rel=\"statistics\"/>")
                    .append("<address>").append(h.name).append(".example.com</address>")
                    .append("<cpu><name>Intel(R) Xeon(R)</name><speed>").append(h.speedMhz).append("</speed>")
                    .append("<topology><cores>").append(h.cores).append("</cores><sockets>1</sockets><threads>1</threads>")
                    .append("</topology><type>Intel Skylake Server Family</type></cpu>")
                    .append("<max_scheduling_memory>").append(h.memoryBytes * 9 / 10).append("</max_scheduling_memory>")
                    .append("<memory>").append(h.memoryBytes).append("</memory>")
                    .append("<status>").append(h.status).append("</status>")
                    .append("<summary><active>").append(active).append("</active><migrating>0</migrating><total>")
                    .append(active).append("</total></summary>")
                    .append("<type>rhel</type>")
                    .append("<cluster href=\"").append(API).append("/clusters/").append(CLUSTER_ID).append("\" id=\"")
                    .append(CLUSTER_ID).append("\"/></host>");
        }
        return sb.append("</hosts>").toString();
    }

    private String vmsXml(List<StubVm> list) {
        StringBuilder sb = new StringBuilder("<vms>");
        for (StubVm v : list) {
            String href = API + "/vms/" + v.id;
            sb.append("<vm href=\"").append(href).append("\" id=\"").append(v.id).append("\">")
                    .append("<name>").append(v.name).append("</name>")
                    .append("<link href=\"").append(href).append("/diskattachments\" rel=\"diskattachments\"/>")
                    .append("<link href=\"").append(href).append("/nics\" rel=\"nics\"/>")
                    .append("<link href=\"").append(href).append("/statistics\" rel=\"statistics\"/>")
                    .append("<cpu><architecture>x86_64</architecture><topology><cores>").append(v.vcpus)
                    .append("</cores><sockets>1</sockets><threads>1</threads></topology></cpu>")
                    .append("<memory>").append(v.memoryBytes).append("</memory>")
                    .append("<status>").append(v.hostId == null ? "down" : v.status).append("</status>")
                    .append(placementPolicyXml(v))
                    .append("<type>server</type>")
                    .append("<cluster href=\"").append(API).append("/clusters/").append(CLUSTER_ID).append("\" id=\"")
                    .append(CLUSTER_ID).append("\"/>");
            String hostId = v.hostId;
            if (hostId != null) {
                sb.append("<host href=\"").append(API).append("/hosts/").append(hostId).append("\" id=\"")
                        .append(hostId).append("\"/>");
            }
            sb.append("</vm>");
        }
        return sb.append("</vms>").toString();
    }

    /** As the engine writes it; a pinned VM also names its host(s). */
    private static String placementPolicyXml(StubVm v) {
        String affinity = v.placementAffinity;
        if (affinity == null) {
            return "";
        }
        String hosts = "pinned".equals(affinity) && v.hostId != null
                ? "<hosts><host href=\"" + API + "/hosts/" + v.hostId + "\" id=\"" + v.hostId + "\"/></hosts>" : "";
        return "<placement_policy><affinity>" + affinity + "</affinity>" + hosts + "</placement_policy>";
    }

    private String groupsXml() {
        StringBuilder sb = new StringBuilder("<affinity_groups>");
        for (StubGroup g : groups) {
            String href = API + "/clusters/" + CLUSTER_ID + "/affinitygroups/" + g.id();
            sb.append("<affinity_group href=\"").append(href).append("\" id=\"").append(g.id()).append("\">")
                    .append("<name>").append(g.name()).append("</name>")
                    .append("<link href=\"").append(href).append("/vms\" rel=\"vms\"/>")
                    .append("<link href=\"").append(href).append("/hosts\" rel=\"hosts\"/>")
                    .append("<broken>false</broken>")
                    .append("<enforcing>").append(g.enforcing()).append("</enforcing>")
                    .append("<hosts_rule><enabled>false</enabled><enforcing>false</enforcing><positive>false</positive></hosts_rule>")
                    .append("<positive>").append(g.positive()).append("</positive>")
                    .append("<priority>1</priority>")
                    .append("<vms_rule><enabled>true</enabled><enforcing>").append(g.enforcing())
                    .append("</enforcing><positive>").append(g.positive()).append("</positive></vms_rule>")
                    .append("<cluster href=\"").append(API).append("/clusters/").append(CLUSTER_ID).append("\" id=\"")
                    .append(CLUSTER_ID).append("\"/></affinity_group>");
        }
        return sb.append("</affinity_groups>").toString();
    }

    private String hostStatistics(StubHost h) {
        double idle = Math.max(0, 100 - h.cpuUserPercent - h.cpuSystemPercent);
        return statistics("host", h.id, API + "/hosts/" + h.id,
                stat("memory.total", "Total memory", "integer", "bytes", h.memoryBytes),
                stat("memory.used", "Used memory", "integer", "bytes", h.memoryUsedBytes),
                stat("memory.free", "Free memory", "integer", "bytes", h.memoryBytes - h.memoryUsedBytes),
                stat("memory.shared", "Shared memory", "integer", "bytes", 0),
                stat("cpu.current.user", "User CPU usage", "decimal", "percent", h.cpuUserPercent),
                stat("cpu.current.system", "System CPU usage", "decimal", "percent", h.cpuSystemPercent),
                stat("cpu.current.idle", "Idle CPU usage", "decimal", "percent", idle),
                stat("cpu.load.avg.5m", "CPU 5 minute load average", "decimal", "none",
                        (h.cpuUserPercent + h.cpuSystemPercent) / 100.0 * h.cores));
    }

    private String vmStatistics(StubVm v) {
        return statistics("vm", v.id, API + "/vms/" + v.id,
                stat("memory.installed", "Total memory configured", "integer", "bytes", v.memoryBytes),
                stat("memory.used", "Memory used (agent)", "integer", "bytes", v.memoryUsedBytes),
                stat("cpu.current.guest", "CPU used by guest", "decimal", "percent", v.cpuGuestPercent),
                stat("cpu.current.hypervisor", "CPU overhead", "decimal", "percent", 0.5),
                stat("cpu.current.total", "Total CPU used", "decimal", "percent", v.cpuGuestPercent + 0.5),
                stat("elapsed.time", "Elapsed VM runtime", "integer", "seconds", 3600));
    }

    private record Stat(String name, String description, String type, String unit, double value) {
    }

    private static Stat stat(String name, String description, String type, String unit, double value) {
        return new Stat(name, description, type, unit, value);
    }

    private static String statistics(String ownerElement, String ownerId, String ownerHref, Stat... stats) {
        StringBuilder sb = new StringBuilder("<statistics>");
        for (Stat s : stats) {
            String id = UUID.nameUUIDFromBytes(s.name().getBytes(StandardCharsets.UTF_8)).toString();
            String datum = "integer".equals(s.type()) ? Long.toString((long) s.value())
                    : new java.math.BigDecimal(s.value()).round(new java.math.MathContext(2)).toPlainString();
            sb.append("<statistic href=\"").append(ownerHref).append("/statistics/").append(id).append("\" id=\"")
                    .append(id).append("\"><name>").append(s.name()).append("</name><description>")
                    .append(s.description()).append("</description><kind>gauge</kind><type>").append(s.type())
                    .append("</type><unit>").append(s.unit()).append("</unit><values><value><datum>").append(datum)
                    .append("</datum></value></values><").append(ownerElement).append(" href=\"").append(ownerHref)
                    .append("\" id=\"").append(ownerId).append("\"/></statistic>");
        }
        return sb.append("</statistics>").toString();
    }

    private static String nicId(String ownerId) {
        return UUID.nameUUIDFromBytes(("nic:" + ownerId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String diskId(String vmId) {
        return UUID.nameUUIDFromBytes(("disk:" + vmId).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private StubVm diskOwner(String diskId) {
        return vms.values().stream().filter(v -> diskId(v.id).equals(diskId)).findFirst().orElse(null);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> m = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                m.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return m;
    }

    private static void send(HttpExchange ex, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", contentType + ";charset=UTF-8");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
        ex.close();
    }
}
