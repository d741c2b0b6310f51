package io.pwb.openstack.collector;

import io.pwb.engine.runtime.Backoff;
import io.pwb.engine.runtime.TrustMaterial;
import io.pwb.openstack.os4j.UnreachableException;
import io.pwb.openstack.watcher.WatcherInstance;
import io.pwb.openstack.watcher.WatcherNode;
import org.openstack4j.api.OSClient.OSClientV3;
import org.openstack4j.api.exceptions.AuthenticationException;
import org.openstack4j.api.exceptions.ResponseException;
import org.openstack4j.api.exceptions.OS4JException;
import org.openstack4j.api.types.Facing;
import org.openstack4j.model.common.Identifier;
import org.openstack4j.model.identity.v3.Endpoint;
import org.openstack4j.model.identity.v3.Service;
import org.openstack4j.model.identity.v3.Token;
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
 * Reads one cloud: Keystone v3 with OpenStack4j (password from a file), then over plain REST at the configured compute
 * microversion Nova's hypervisors, servers (with {@code locked} and their flavor's sizes) and the server groups of all
 * projects, each list to its last page, Placement inventories (total, reserved, allocation ratio) and the metric
 * history from Gnocchi or Prometheus, into an {@link OpenStackInventory} shaped like Watcher's compute model. An
 * expired token is renewed (the REST part of the cycle is retried once after a fresh login). Any other failure, even a bug, ends the cycle with a reason and a back-off
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

    /**
     * Logs in to Keystone with OpenStack4j unless the current token lasts a while yet; the token's catalog names the
     * endpoints the REST calls use.
     */
    private void authenticate() {
        Instant now = clock.instant();
        if (token == null || token.getExpires() == null
                || token.getExpires().toInstant().isBefore(now.plus(TOKEN_MARGIN))) {
            OSClientV3 os = OSFactory.builderV3().endpoint(settings.authUrl()).withConfig(config)
                    .perspective(facing())
                    .credentials(settings.username(), settings.password(), Identifier.byName(settings.userDomain()))
                    .scopeToProject(Identifier.byName(settings.projectName()),
                            Identifier.byName(settings.projectDomain()))
                    .authenticate();
            token = os.getToken();
        }
    }

    private OpenStackInventory read() {
        authenticate();
        try {
            return readCloud();
        } catch (OpenStackCallException e) {
            if (!e.keystoneTokenRejected()) {
                throw e;
            }
            token = null; // a service says the token expired: log in again, once.
            authenticate();
            return readCloud();
        }
    }

    /**
     * The REST part of a cycle, with the current token: Nova's hypervisors, Placement's inventories, servers (with
     * locked and their flavor's sizes) and server groups, then metrics.
     */
    private OpenStackInventory readCloud() {
        NovaApi nova = new NovaApi(required("compute"), () -> token.getId(), json, settings.nova());
        Optional<PlacementInventories> placement = endpoint("placement")
                .map(uri -> new PlacementInventories(uri, () -> token.getId(), json));
        List<CollectionWarning> warnings = new ArrayList<>();
        List<WatcherNode> nodes = new ArrayList<>();
        List<String> capacityUnknown = new ArrayList<>();
        Map<String, String> nodeByHypervisorHostname = new HashMap<>();
        Map<String, String> nodeByServiceHost = new HashMap<>();
        for (NovaHypervisors.Hypervisor h : new NovaHypervisors(nova).list()) {
            ComputeNodeCapacity.Node node = ComputeNodeCapacity.of(h,
                    placement.map(p -> p.of(h.id())).orElse(Map.of()));
            nodes.add(node.node());
            if (!node.unknown().isEmpty()) {
                capacityUnknown.add(h.serviceHost() + " " + node.unknown());
            }
            nodeByHypervisorHostname.put(h.hypervisorHostname(), h.id());
            nodeByServiceHost.put(h.serviceHost(), h.id());
        }
        if (!capacityUnknown.isEmpty()) {
            warnings.add(CollectionWarning.about("capacity unknown", capacityUnknown, "neither Placement nor Nova"
                    + " (hypervisor sizes end at microversion 2.88) reported the capacity of " + capacityUnknown.size()
                    + " node(s): without vCPUs or memory nothing moves to or from them, without disk only disk-less"
                    + " flavors go there: " + first(capacityUnknown)));
        }
        List<WatcherInstance> instances = instances(new NovaServers(nova).list(), nodeByHypervisorHostname,
                nodeByServiceHost, warnings);
        NovaServerGroups.Listing groups = new NovaServerGroups(nova).list();
        groups.warning().map(CollectionWarning::of).ifPresent(warnings::add);
        Instant now = clock.instant();
        MetricsReading reading = metricsReader().map(r -> r.read(nodes, instances, now.minus(settings.historyWindow()),
                now, settings.granularitySeconds())).orElseGet(MetricsReading::empty);
        reading.warnings().forEach(w -> warnings.add(CollectionWarning.of(w)));
        return new OpenStackInventory(now, nodes, instances, groups.groups(),
                reading.toWatcherMetrics(settings.granularitySeconds()), reading.instanceCpuPercent(),
                reading.hostCpuPercent(), warnings);
    }

    private List<WatcherInstance> instances(List<NovaServers.Server> servers, Map<String, String> nodeByHypervisorHostname,
                                            Map<String, String> nodeByServiceHost, List<CollectionWarning> warnings) {
        List<String> lockUnknown = new ArrayList<>();
        List<String> sizeUnknown = new ArrayList<>();
        List<WatcherInstance> instances = new ArrayList<>();
        for (NovaServers.Server s : servers) {
            String vmState = s.vmState() != null ? s.vmState().toLowerCase(Locale.ROOT)
                    : s.status() == null ? "error" : s.status().toLowerCase(Locale.ROOT);
            if (s.id() == null || vmState.equals("deleted") || vmState.equals("soft-delete")) {
                continue;
            }
            String node = Optional.ofNullable(s.hypervisorHostname()).map(nodeByHypervisorHostname::get)
                    .orElse(s.host() == null ? null : nodeByServiceHost.get(s.host()));
            // Fail safe: a server whose lock Nova did not report is treated as locked (never moved); one without
            // its flavor's sizes has size 0, which WatcherInstance pins.
            boolean locked = s.locked() == null || s.locked();
            if (s.locked() == null) {
                lockUnknown.add(s.id());
            }
            NovaServers.FlavorSize flavor = s.flavor();
            if (flavor == null) {
                sizeUnknown.add(s.id());
                flavor = new NovaServers.FlavorSize(0, 0, 0);
            }
            instances.add(new WatcherInstance(s.id(), s.name(), vmState, flavor.vcpus(), flavor.memoryMb(),
                    flavor.diskGb(), locked, false, node));
        }
        if (!lockUnknown.isEmpty()) {
            warnings.add(CollectionWarning.about("lock unknown", lockUnknown, "Nova did not report 'locked' for "
                    + lockUnknown.size() + " server(s) (compute microversion 2.9 or later is needed): they are treated"
                    + " as locked and never moved"));
        }
        if (!sizeUnknown.isEmpty()) {
            warnings.add(CollectionWarning.about("size unknown", sizeUnknown, "Nova did not report the flavor's vCPUs"
                    + " and memory of " + sizeUnknown.size() + " server(s) (a cell that is down, or a Nova that ignores"
                    + " microversion " + settings.nova() + "): their size is unknown, so they are never moved: "
                    + first(sizeUnknown)));
        }
        return instances;
    }

    /** The first few of a list, for a warning that stays one line on a large cloud. */
    private static String first(List<String> items) {
        return String.join(", ", items.subList(0, Math.min(5, items.size())))
                + (items.size() > 5 ? ", ..." : "");
    }

    /** The configured metrics source; Gnocchi only when the catalog lists it (a cloud without telemetry has none). */
    private Optional<MetricsReader> metricsReader() {
        if (settings.metricsSource() == MetricsSource.PROMETHEUS) {
            PrometheusSettings p = settings.prometheus();
            return Optional.of(new PrometheusMetrics(new PrometheusClient(p.url(), p::token, prometheusJson), p));
        }
        return endpoint("metric").map(uri -> new GnocchiMetrics(new GnocchiClient(uri, () -> token.getId(), json)));
    }

    private URI required(String type) {
        return endpoint(type).orElseThrow(() -> new OpenStackCallException("the Keystone catalog has no "
                + settings.endpointInterface().key() + " " + type + " endpoint" + (settings.region() == null ? ""
                : " in region " + settings.region()), 0));
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
