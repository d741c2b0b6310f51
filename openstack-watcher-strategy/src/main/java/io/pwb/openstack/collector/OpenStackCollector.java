package io.pwb.openstack.collector;

import io.pwb.engine.runtime.Backoff;
import io.pwb.openstack.watcher.WatcherInstance;
import io.pwb.openstack.watcher.WatcherMetrics;
import io.pwb.openstack.watcher.WatcherNode;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.api.exceptions.AuthenticationException;
import org.openstack4j.api.exceptions.ResponseException;
import org.openstack4j.api.exceptions.OS4JException;
import org.openstack4j.api.types.Facing;
import org.openstack4j.model.common.Identifier;
import org.openstack4j.model.compute.Flavor;
import org.openstack4j.model.compute.Server;
import org.openstack4j.model.compute.ext.Hypervisor;
import org.openstack4j.model.identity.v3.Endpoint;
import org.openstack4j.model.identity.v3.Service;
import org.openstack4j.model.identity.v3.Token;
import org.openstack4j.model.placement.ext.ResourceProviderInventories;
import org.openstack4j.core.transport.Config;
import org.openstack4j.openstack.OSFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads one cloud: Keystone v3 (password from a file), Nova hypervisors, servers and server groups,
 * Placement inventories (total, reserved, allocation ratio) and Gnocchi history, into an
 * {@link OpenStackInventory} shaped like Watcher's compute model. An expired token is renewed (OpenStack4j
 * re-authenticates on a 401; Gnocchi calls are retried once after a fresh login). Any other failure ends the
 * cycle with a reason and a back-off delay instead of a partial inventory.
 */
public final class OpenStackCollector {

    private static final Duration TOKEN_MARGIN = Duration.ofMinutes(5);
    private static final String SERVERS_MICROVERSION = "2.46";

    private final OpenStackSettings settings;
    private final Clock clock;
    private final Backoff backOff;
    private final Config config;
    private final HttpClient http;
    private Token token;

    public OpenStackCollector(OpenStackSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.backOff = new Backoff(settings.backOffInitial(), settings.backOffMax());
        int timeoutMillis = (int) settings.requestTimeout().toMillis();
        Config c = Config.newConfig().withConnectionTimeout(timeoutMillis).withReadTimeout(timeoutMillis);
        HttpClient.Builder h = HttpClient.newBuilder().connectTimeout(settings.requestTimeout());
        if (settings.ca().isPresent()) {
            var ssl = TrustFromCaFile.sslContext(settings.ca().get());
            c = c.withSSLContext(ssl);
            h.sslContext(ssl);
        }
        this.config = c;
        this.http = h.build();
    }

    /** One full cycle; never throws for platform errors. */
    public synchronized CollectionOutcome collect() {
        try {
            OpenStackInventory inventory = read();
            backOff.success();
            return new CollectionOutcome.Collected(inventory, List.of());
        } catch (AuthenticationException e) {
            token = null;
            return failed("Keystone at " + settings.authUrl() + " rejected the credentials (HTTP " + e.getStatus() + ")");
        } catch (ResponseException e) {
            return failed("OpenStack answered HTTP " + e.getStatus() + ": " + e.getMessage());
        } catch (OpenStackCallException e) {
            return failed(e.getMessage());
        } catch (OS4JException e) {
            return failed("OpenStack call failed: " + e.getMessage());
        } catch (IllegalStateException e) {
            return failed(e.getMessage());
        }
    }

    private CollectionOutcome failed(String reason) {
        return new CollectionOutcome.Failed(reason, backOff.failure(clock.instant()));
    }

    private OSClientV3 client() {
        OSClientV3 os;
        Instant now = clock.instant();
        if (token == null || token.getExpires() == null
                || token.getExpires().toInstant().isBefore(now.plus(TOKEN_MARGIN))) {
            os = OSFactory.builderV3().endpoint(settings.authUrl()).withConfig(config)
                    .credentials(settings.username(), settings.password(), Identifier.byName(settings.userDomain()))
                    .scopeToProject(Identifier.byName(settings.projectName()),
                            Identifier.byName(settings.projectDomain()))
                    .authenticate();
        } else {
            // Binds the session to this thread (OpenStack4j sessions are thread-local).
            os = OSFactory.clientFromToken(token, Facing.PUBLIC, config);
        }
        if (settings.region() != null) {
            os.useRegion(settings.region());
        }
        os.headers(Map.of("X-OpenStack-Nova-API-Version", settings.novaMicroversion()));
        token = os.getToken();
        return os;
    }

    private OpenStackInventory read() {
        OSClientV3 os = client();
        List<? extends Hypervisor> hypervisors = os.compute().hypervisors().list();
        List<WatcherNode> nodes = new ArrayList<>();
        Map<String, String> nodeByHypervisorHostname = new HashMap<>();
        Map<String, String> nodeByServiceHost = new HashMap<>();
        for (Hypervisor h : hypervisors) {
            String host = h.getService() != null && h.getService().getHost() != null
                    ? h.getService().getHost() : h.getHypervisorHostname();
            nodes.add(node(os, h, host));
            nodeByHypervisorHostname.put(h.getHypervisorHostname(), h.getId());
            nodeByServiceHost.put(host, h.getId());
        }
        // Servers at microversion 2.46: from 2.47 Nova embeds flavors without an id, which OpenStack4j's
        // Server.getFlavor() cannot handle; flavors are read once from /flavors/detail instead.
        os.headers(Map.of("X-OpenStack-Nova-API-Version", SERVERS_MICROVERSION));
        Map<String, Flavor> flavors = new HashMap<>();
        for (Flavor f : os.compute().flavors().list()) {
            flavors.put(f.getId(), f);
        }
        List<WatcherInstance> instances = new ArrayList<>();
        for (Server s : os.compute().servers().list(Map.of("all_tenants", "True"))) {
            String vmState = s.getVmState() != null ? s.getVmState().toLowerCase(Locale.ROOT)
                    : s.getStatus() == null ? "error" : s.getStatus().name().toLowerCase(Locale.ROOT);
            if (vmState.equals("deleted") || vmState.equals("soft-delete")) {
                continue;
            }
            Flavor flavor = s.getFlavorId() == null ? null : flavors.get(s.getFlavorId());
            String node = Optional.ofNullable(nodeByHypervisorHostname.get(s.getHypervisorHostname()))
                    .orElse(nodeByServiceHost.get(s.getHost()));
            int vcpus = flavor == null ? 0 : flavor.getVcpus();
            long memoryMb = flavor == null ? 0 : flavor.getRam();
            long diskGb = flavor == null ? 0
                    : flavor.getDisk() + flavor.getEphemeral() + (long) Math.ceil(flavor.getSwap() / 1024.0);
            // OpenStack4j does not expose Nova's "locked"; the Watcher path receives it from Watcher's model.
            instances.add(new WatcherInstance(s.getId(), s.getName(), vmState, vcpus, memoryMb, diskGb, false,
                    false, node));
        }
        os.headers(Map.of("X-OpenStack-Nova-API-Version", settings.novaMicroversion()));
        List<ServerGroup> groups = new ArrayList<>();
        for (var g : os.compute().serverGroups().list()) {
            String policy = g.getPolicies() == null || g.getPolicies().isEmpty() ? "" : g.getPolicies().get(0);
            groups.add(new ServerGroup(g.getId(), g.getName(), policy, g.getMembers()));
        }
        token = os.getToken(); // OpenStack4j may have re-authenticated on a 401 during the calls above
        Map<String, List<OpenStackInventory.TimedValue>> cpuHistory = new HashMap<>();
        WatcherMetrics metrics = metricsWithRetry(nodes, instances, cpuHistory);
        return new OpenStackInventory(clock.instant(), nodes, instances, groups, metrics, cpuHistory);
    }

    private WatcherNode node(OSClientV3 os, Hypervisor h, String host) {
        ResourceProviderInventories inv = null;
        try {
            inv = os.placement().resourceProviders().resourceProviderInventories(h.getId());
        } catch (ResponseException e) {
            if (e.getStatus() != 404) {
                throw e;
            }
        }
        String state = h.getState() == null ? "up" : h.getState();
        String status = h.getStatus() == null ? "enabled" : h.getStatus();
        if (inv == null || inv.getVcpu() == null || inv.getMemoryMb() == null || inv.getDiskGb() == null) {
            // Watcher's fallback without Placement: hypervisor totals, nothing reserved, ratio 1.
            return new WatcherNode(h.getId(), host, state, status, h.getVirtualCPU(), 0, 1.0, h.getLocalMemory(), 0,
                    1.0, h.getLocalDisk(), 0, 1.0);
        }
        return new WatcherNode(h.getId(), host, state, status,
                inv.getVcpu().getTotal(), inv.getVcpu().getReserved(), inv.getVcpu().getAllocationRatio(),
                inv.getMemoryMb().getTotal(), inv.getMemoryMb().getReserved(), inv.getMemoryMb().getAllocationRatio(),
                inv.getDiskGb().getTotal(), inv.getDiskGb().getReserved(), inv.getDiskGb().getAllocationRatio());
    }

    private WatcherMetrics metricsWithRetry(List<WatcherNode> nodes, List<WatcherInstance> instances,
                                            Map<String, List<OpenStackInventory.TimedValue>> cpuHistory) {
        try {
            return metrics(nodes, instances, cpuHistory);
        } catch (OpenStackCallException e) {
            if (e.status() != 401) {
                throw e;
            }
            token = null; // Gnocchi says the token expired: log in again, once.
            client();
            cpuHistory.clear();
            return metrics(nodes, instances, cpuHistory);
        }
    }

    private WatcherMetrics metrics(List<WatcherNode> nodes, List<WatcherInstance> instances,
                                   Map<String, List<OpenStackInventory.TimedValue>> cpuHistory) {
        Optional<URI> endpoint = endpoint("metric");
        Map<String, List<Double>> cpu = new HashMap<>();
        Map<String, List<Double>> ram = new HashMap<>();
        Map<String, List<Double>> hostCpu = new HashMap<>();
        int granularity = settings.granularitySeconds();
        if (endpoint.isEmpty()) {
            return new WatcherMetrics(cpu, ram, hostCpu, Map.of(), granularity);
        }
        GnocchiClient gnocchi = new GnocchiClient(endpoint.get(), () -> token.getId(), http,
                settings.requestTimeout());
        Instant start = clock.instant().minus(settings.historyWindow());
        for (WatcherInstance i : instances) {
            if (i.nodeUuid() == null) {
                continue;
            }
            List<GnocchiClient.Measure> cpuMeasures = gnocchi.instanceCpuPercent(i.uuid(), i.vcpus(), start,
                    granularity);
            putIfAny(cpu, i.uuid(), cpuMeasures);
            if (!cpuMeasures.isEmpty()) {
                cpuHistory.put(i.uuid(), cpuMeasures.stream()
                        .map(m -> new OpenStackInventory.TimedValue(m.epochSeconds(), m.value())).toList());
            }
            putIfAny(ram, i.uuid(), gnocchi.instanceRamMb(i.uuid(), start, granularity));
        }
        for (WatcherNode n : nodes) {
            putIfAny(hostCpu, n.uuid(), gnocchi.hostCpuPercent(n.hostname(), start, granularity));
        }
        return new WatcherMetrics(cpu, ram, hostCpu, Map.of(), granularity);
    }

    private static void putIfAny(Map<String, List<Double>> map, String key, List<GnocchiClient.Measure> series) {
        if (!series.isEmpty()) {
            map.put(key, series.stream().map(GnocchiClient.Measure::value).toList());
        }
    }

    /** The catalog's public endpoint of a service type, in the configured region if any. */
    private Optional<URI> endpoint(String type) {
        for (Service service : token.getCatalog()) {
            if (!type.equals(service.getType())) {
                continue;
            }
            for (Endpoint e : service.getEndpoints()) {
                if (e.getIface() == Facing.PUBLIC
                        && (settings.region() == null || settings.region().equals(e.getRegion()))) {
                    return Optional.of(URI.create(e.getUrl().toString()));
                }
            }
        }
        return Optional.empty();
    }
}
