package io.pwb.openstack.collector;

import io.pwb.engine.runtime.Backoff;
import io.pwb.engine.runtime.TrustMaterial;
import io.pwb.openstack.os4j.UnreachableException;
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
import org.openstack4j.model.compute.ext.Hypervisor;
import org.openstack4j.model.identity.v3.Endpoint;
import org.openstack4j.model.identity.v3.Service;
import org.openstack4j.model.identity.v3.Token;
import org.openstack4j.model.placement.ext.ResourceProviderInventories;
import org.openstack4j.core.transport.Config;
import org.openstack4j.openstack.OSFactory;

import javax.net.ssl.SSLContext;
import java.net.URI;
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
 * Placement inventories (total, reserved, allocation ratio), each server's {@code locked} flag and the metric
 * history from Gnocchi or Prometheus, into an {@link OpenStackInventory} shaped like Watcher's compute model. An
 * expired token is renewed (PWB's OpenStack4j connector re-authenticates on a 401; the plain REST calls to Nova and Gnocchi are
 * retried once after a fresh login). Any other failure, even a bug, ends the cycle with a reason and a back-off
 * delay instead of a partial inventory.
 */
public final class OpenStackCollector {

    private static final Duration TOKEN_MARGIN = Duration.ofMinutes(5);

    private final OpenStackSettings settings;
    private final Clock clock;
    private final Backoff backOff;
    private final Config config;
    private final JsonHttp json;
    private final JsonHttp prometheusJson;
    /** What TLS trusts, named in failures: the CA file or the JVM's trust store. */
    private final String trust;
    private Token token;

    public OpenStackCollector(OpenStackSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.backOff = new Backoff(settings.backOffInitial(), settings.backOffMax());
        int timeoutMillis = (int) settings.requestTimeout().toMillis();
        Optional<SSLContext> ssl = settings.ca().map(TrustMaterial::fromCaFile);
        // OpenStack4j's calls go through PWB's connector (io.pwb.openstack.os4j), which honours this Config's
        // SSLContext; the plain REST calls share the same context.
        Config c = Config.newConfig().withConnectionTimeout(timeoutMillis).withReadTimeout(timeoutMillis);
        this.config = ssl.map(c::withSSLContext).orElse(c);
        this.trust = JsonHttp.trust(settings.ca(), "pwb.openstack.ca-file");
        this.json = JsonHttp.withContext(ssl, trust, settings.requestTimeout());
        this.prometheusJson = settings.prometheus() == null ? null : prometheusJson(settings);
    }

    /** Prometheus may have its own CA; without one it trusts what the OpenStack endpoints trust. */
    private static JsonHttp prometheusJson(OpenStackSettings settings) {
        return settings.prometheus().caFile() != null
                ? JsonHttp.trusting(Optional.of(settings.prometheus().caFile()), "pwb.openstack.prometheus.ca-file",
                        settings.requestTimeout())
                : JsonHttp.trusting(settings.ca(), "pwb.openstack.ca-file", settings.requestTimeout());
    }

    /** One full cycle; never throws for platform errors. */
    public synchronized CollectionOutcome collect() {
        try {
            OpenStackInventory inventory = read();
            backOff.success();
            return new CollectionOutcome.Collected(inventory, inventory.warnings());
        } catch (AuthenticationException e) {
            token = null;
            return failed("Keystone at " + settings.authUrl() + " rejected the credentials (HTTP " + e.getStatus() + ")");
        } catch (UnreachableException e) {
            return failed("OpenStack at " + e.url() + " cannot be reached: " + JsonHttp.handshakeFailure(e)
                    .map(h -> JsonHttp.untrusted(trust, h.getMessage())).orElse(e.problem()));
        } catch (ResponseException e) {
            // A 2xx here means the answer came but OpenStack4j could not map it (e.g. a catalog URL without scheme).
            return failed(e.getStatus() / 100 == 2 ? "OpenStack sent an answer PWB cannot read: " + e.getMessage()
                    : "OpenStack answered HTTP " + e.getStatus() + ": " + e.getMessage());
        } catch (OpenStackCallException e) {
            return failed(e.getMessage());
        } catch (OS4JException e) {
            return failed("OpenStack call failed: " + e.getMessage());
        } catch (IllegalStateException e) {
            return failed(e.getMessage());
        } catch (RuntimeException e) {
            // A bug here (or in OpenStack4j) must still end the cycle with the back-off, not escape to the poller,
            // which would retry at its plain interval and log the same exception every time.
            return failed("unexpected error while collecting: " + e + thrownAt(e));
        }
    }

    /** Where the exception was thrown, for a bug report; the message alone rarely says. */
    private static String thrownAt(RuntimeException e) {
        StackTraceElement[] trace = e.getStackTrace();
        return trace.length == 0 ? "" : " at " + trace[0];
    }

    private CollectionOutcome failed(String reason) {
        return new CollectionOutcome.Failed(reason, backOff.failure(clock.instant()));
    }

    private OSClientV3 client() {
        OSClientV3 os;
        Instant now = clock.instant();
        if (token == null || token.getExpires() == null
                || token.getExpires().toInstant().isBefore(now.plus(TOKEN_MARGIN))) {
            os = OSFactory.builderV3().endpoint(settings.authUrl()).withConfig(config).perspective(facing())
                    .credentials(settings.username(), settings.password(), Identifier.byName(settings.userDomain()))
                    .scopeToProject(Identifier.byName(settings.projectName()),
                            Identifier.byName(settings.projectDomain()))
                    .authenticate();
        } else {
            // Binds the session to this thread (OpenStack4j sessions are thread-local).
            os = OSFactory.clientFromToken(token, facing(), config);
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
        // Servers come from NovaServers at 2.46, where Nova names each server's flavor by id; the flavors are
        // read once from /flavors/detail.
        os.headers(Map.of("X-OpenStack-Nova-API-Version", NovaServers.MICROVERSION));
        Map<String, Flavor> flavors = new HashMap<>();
        for (Flavor f : os.compute().flavors().list()) {
            flavors.put(f.getId(), f);
        }
        os.headers(Map.of("X-OpenStack-Nova-API-Version", settings.novaMicroversion()));
        List<ServerGroup> groups = new ArrayList<>();
        for (var g : os.compute().serverGroups().list()) {
            String policy = g.getPolicies() == null || g.getPolicies().isEmpty() ? "" : g.getPolicies().get(0);
            groups.add(new ServerGroup(g.getId(), g.getName(), policy, g.getMembers()));
        }
        token = os.getToken(); // OpenStack4j may have re-authenticated on a 401 during the calls above
        try {
            return serversAndMetrics(nodes, nodeByHypervisorHostname, nodeByServiceHost, flavors, groups);
        } catch (OpenStackCallException e) {
            if (!e.keystoneTokenRejected()) {
                throw e;
            }
            token = null; // Nova or Gnocchi says the token expired: log in again, once.
            client();
            return serversAndMetrics(nodes, nodeByHypervisorHostname, nodeByServiceHost, flavors, groups);
        }
    }

    /** The plain REST part of a cycle, with the current token: Nova's servers (with locked), then metrics. */
    private OpenStackInventory serversAndMetrics(List<WatcherNode> nodes, Map<String, String> nodeByHypervisorHostname,
                                                 Map<String, String> nodeByServiceHost, Map<String, Flavor> flavors,
                                                 List<ServerGroup> groups) {
        URI compute = endpoint("compute").orElseThrow(() -> new OpenStackCallException(
                "the Keystone catalog has no " + settings.endpointInterface().key() + " compute endpoint" + (settings.region() == null ? ""
                        : " in region " + settings.region()), 0));
        List<String> warnings = new ArrayList<>();
        List<String> lockUnknown = new ArrayList<>();
        List<WatcherInstance> instances = new ArrayList<>();
        for (NovaServers.Server s : new NovaServers(compute, () -> token.getId(), json).list()) {
            String vmState = s.vmState() != null ? s.vmState().toLowerCase(Locale.ROOT)
                    : s.status() == null ? "error" : s.status().toLowerCase(Locale.ROOT);
            if (s.id() == null || vmState.equals("deleted") || vmState.equals("soft-delete")) {
                continue;
            }
            Flavor flavor = s.flavorId() == null ? null : flavors.get(s.flavorId());
            String node = Optional.ofNullable(s.hypervisorHostname()).map(nodeByHypervisorHostname::get)
                    .orElse(s.host() == null ? null : nodeByServiceHost.get(s.host()));
            int vcpus = flavor == null ? 0 : flavor.getVcpus();
            long memoryMb = flavor == null ? 0 : flavor.getRam();
            long diskGb = flavor == null ? 0
                    : flavor.getDisk() + flavor.getEphemeral() + (long) Math.ceil(flavor.getSwap() / 1024.0);
            // Fail safe: a server whose lock Nova did not report is treated as locked (never moved).
            boolean locked = s.locked() == null || s.locked();
            if (s.locked() == null) {
                lockUnknown.add(s.id());
            }
            instances.add(new WatcherInstance(s.id(), s.name(), vmState, vcpus, memoryMb, diskGb, locked, false,
                    node));
        }
        if (!lockUnknown.isEmpty()) {
            warnings.add("Nova did not report 'locked' for " + lockUnknown.size() + " server(s) (compute "
                    + "microversion 2.9 or later is needed): they are treated as locked and never moved");
        }
        Instant now = clock.instant();
        MetricsReading reading = metricsReader().map(r -> r.read(nodes, instances, now.minus(settings.historyWindow()),
                now, settings.granularitySeconds())).orElseGet(MetricsReading::empty);
        warnings.addAll(reading.warnings());
        return new OpenStackInventory(now, nodes, instances, groups,
                reading.toWatcherMetrics(settings.granularitySeconds()), reading.instanceCpuPercent(),
                reading.hostCpuPercent(), warnings);
    }

    /** The configured metrics source; Gnocchi only when the catalog lists it (a cloud without telemetry has none). */
    private Optional<MetricsReader> metricsReader() {
        if (settings.metricsSource() == MetricsSource.PROMETHEUS) {
            PrometheusSettings p = settings.prometheus();
            return Optional.of(new PrometheusMetrics(new PrometheusClient(p.url(), p::token, prometheusJson), p));
        }
        return endpoint("metric").map(uri -> new GnocchiMetrics(new GnocchiClient(uri, () -> token.getId(), json)));
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

    /** Which catalog endpoints OpenStack4j and the plain REST calls use (pwb.openstack.interface). */
    private Facing facing() {
        return settings.endpointInterface().facing();
    }

    /** The catalog's endpoint of a service type on the configured interface, in the configured region if any. */
    private Optional<URI> endpoint(String type) {
        for (Service service : token.getCatalog()) {
            if (!type.equals(service.getType())) {
                continue;
            }
            for (Endpoint e : service.getEndpoints()) {
                if (e.getIface() == facing()
                        && (settings.region() == null || settings.region().equals(e.getRegion()))) {
                    return Optional.of(URI.create(e.getUrl().toString()));
                }
            }
        }
        return Optional.empty();
    }
}
