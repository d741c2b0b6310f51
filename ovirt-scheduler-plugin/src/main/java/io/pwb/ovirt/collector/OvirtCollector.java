package io.pwb.ovirt.collector;

import io.pwb.engine.runtime.Backoff;
import org.ovirt.engine.sdk4.Connection;
import org.ovirt.engine.sdk4.ConnectionBuilder;
import org.ovirt.engine.sdk4.services.SystemService;
import org.ovirt.engine.sdk4.types.AffinityGroup;
import org.ovirt.engine.sdk4.types.AffinityRule;
import org.ovirt.engine.sdk4.types.Cluster;
import org.ovirt.engine.sdk4.types.Disk;
import org.ovirt.engine.sdk4.types.DiskAttachment;
import org.ovirt.engine.sdk4.types.Host;
import org.ovirt.engine.sdk4.types.HostNic;
import org.ovirt.engine.sdk4.types.Identified;
import org.ovirt.engine.sdk4.types.Nic;
import org.ovirt.engine.sdk4.types.Statistic;
import org.ovirt.engine.sdk4.types.Vm;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reads hosts, VMs, their statistics and the clusters' affinity groups from an oVirt engine with the oVirt Java
 * SDK. One connection is kept between polls, so the SSO token is obtained once and reused (the SDK renews it when
 * the engine answers 401). While the engine is unreachable, polls back off exponentially instead of hammering it.
 * Secrets are never logged.
 */
public final class OvirtCollector implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(OvirtCollector.class.getName());

    /** Host statistics PWB uses (reference §4.4). */
    static final List<String> HOST_STATISTICS = List.of("cpu.current.user", "cpu.current.system", "cpu.current.idle",
            "cpu.load.avg.5m", "memory.total", "memory.used", "memory.free", "memory.shared");
    /** VM statistics PWB uses. */
    static final List<String> VM_STATISTICS = List.of("cpu.current.guest", "cpu.current.hypervisor",
            "cpu.current.total", "memory.installed", "memory.used");
    static final List<String> NIC_STATISTICS = List.of("data.current.rx", "data.current.tx");
    static final List<String> DISK_STATISTICS = List.of("data.current.read", "data.current.write");

    private final OvirtEngineSettings settings;
    private final boolean deviceStatistics;
    private final Backoff backoff;
    private Connection connection;

    /**
     * @param deviceStatistics also read per-NIC and per-disk statistics (several more requests per VM)
     */
    public OvirtCollector(OvirtEngineSettings settings, boolean deviceStatistics, Backoff backoff) {
        this.settings = settings;
        this.deviceStatistics = deviceStatistics;
        this.backoff = backoff;
    }

    /** Collects unless backing off; empty when skipped or failed (the failure is logged, the next poll retries). */
    public synchronized Optional<OvirtInventory> poll(Instant now) {
        if (!backoff.ready(now)) {
            return Optional.empty();
        }
        try {
            OvirtInventory inventory = collect(now);
            if (backoff.consecutiveFailures() > 0) {
                LOG.info(() -> "oVirt engine " + settings.apiUrl() + " reachable again");
            }
            backoff.success();
            return Optional.of(inventory);
        } catch (Exception e) {
            Duration wait = backoff.failure(now);
            LOG.warning(() -> "collecting from oVirt engine " + settings.apiUrl() + " failed ("
                    + describe(e) + "); next attempt in " + wait.toSeconds() + " s");
            LOG.log(Level.FINE, "oVirt collection failure", e);
            return Optional.empty();
        }
    }

    public Backoff backoff() {
        return backoff;
    }

    private OvirtInventory collect(Instant now) throws Exception {
        Connection c = connection();
        SystemService sys = c.systemService();
        List<OvirtInventory.Host> hosts = new ArrayList<>();
        for (Host h : sys.hostsService().list().send().hosts()) {
            Map<String, Double> stats = statistics(c, h.statistics(), HOST_STATISTICS, "");
            if (deviceStatistics && c.isLink(h.nics())) {
                for (HostNic nic : c.followLink(h.nics())) {
                    sumInto(stats, statistics(c, nic.statistics(), NIC_STATISTICS, "nic."));
                }
            }
            hosts.add(new OvirtInventory.Host(h.id(), h.name(), id(h.cluster()), enumName(h.status()),
                    cores(h.cpu() == null ? null : h.cpu().topology()),
                    h.cpu() != null && h.cpu().speed() != null ? h.cpu().speed().doubleValue() : 0.0,
                    longOf(h.memory()), longOf(h.maxSchedulingMemory()), stats));
        }
        List<OvirtInventory.Vm> vms = new ArrayList<>();
        for (Vm v : sys.vmsService().list().send().vms()) {
            Optional<String> hostId = Optional.ofNullable(id(v.host()));
            Map<String, Double> stats = new HashMap<>();
            if (hostId.isPresent()) { // a VM that is not running has no live statistics
                stats = statistics(c, v.statistics(), VM_STATISTICS, "");
                if (deviceStatistics) {
                    collectVmDevices(c, sys, v, stats);
                }
            }
            vms.add(new OvirtInventory.Vm(v.id(), v.name(), id(v.cluster()), hostId, enumName(v.status()),
                    cores(v.cpu() == null ? null : v.cpu().topology()), longOf(v.memory()), stats));
        }
        List<OvirtInventory.AffinityGroup> groups = new ArrayList<>();
        for (Cluster cluster : sys.clustersService().list().send().clusters()) {
            var clusterService = sys.clustersService().clusterService(cluster.id());
            for (AffinityGroup g : clusterService.affinityGroupsService().list().send().groups()) {
                List<Vm> members = g.vmsPresent() && !g.vms().isEmpty() && g.vms().get(0).id() != null && !c.isLink(g.vms())
                        ? g.vms()
                        : clusterService.affinityGroupsService().groupService(g.id()).vmsService().list().send().vms();
                AffinityRule rule = g.vmsRule();
                boolean enabled = rule == null || !rule.enabledPresent() || rule.enabled();
                boolean positive = rule != null && rule.positivePresent() ? rule.positive() : g.positivePresent() && g.positive();
                boolean enforcing = rule != null && rule.enforcingPresent() ? rule.enforcing() : g.enforcingPresent() && g.enforcing();
                groups.add(new OvirtInventory.AffinityGroup(g.id(), g.name(), cluster.id(), enabled, positive, enforcing,
                        members.stream().map(Vm::id).toList()));
            }
        }
        return new OvirtInventory(now, hosts, vms, groups);
    }

    private void collectVmDevices(Connection c, SystemService sys, Vm v, Map<String, Double> stats) {
        if (c.isLink(v.nics())) {
            for (Nic nic : c.followLink(v.nics())) {
                sumInto(stats, statistics(c, nic.statistics(), NIC_STATISTICS, "nic."));
            }
        }
        if (c.isLink(v.diskAttachments())) {
            for (DiskAttachment a : c.followLink(v.diskAttachments())) {
                if (a.disk() == null || a.disk().id() == null) {
                    continue;
                }
                Disk disk = sys.disksService().diskService(a.disk().id()).get().send().disk();
                sumInto(stats, statistics(c, disk.statistics(), DISK_STATISTICS, "disk."));
            }
        }
    }

    /** The wanted statistics behind a {@code statistics} link, by name (with a prefix), first value each. */
    private static Map<String, Double> statistics(Connection c, List<Statistic> link, List<String> wanted, String prefix) {
        Map<String, Double> out = new HashMap<>();
        if (link == null || !c.isLink(link)) {
            return out;
        }
        for (Statistic s : c.followLink(link)) {
            if (s.name() == null || !wanted.contains(s.name()) || s.values() == null || s.values().isEmpty()) {
                continue;
            }
            BigDecimal datum = s.values().get(0).datum();
            if (datum != null) {
                out.put(prefix + s.name(), datum.doubleValue());
            }
        }
        return out;
    }

    private static void sumInto(Map<String, Double> into, Map<String, Double> add) {
        add.forEach((k, v) -> into.merge(k, v, Double::sum));
    }

    private synchronized Connection connection() throws Exception {
        if (connection == null) {
            ConnectionBuilder b = ConnectionBuilder.connection()
                    .url(settings.apiUrl().toString())
                    .user(settings.user())
                    .password(settings.password())
                    .timeout((int) settings.timeout().toMillis());
            if (settings.trustStoreFile().isPresent()) {
                b.trustStoreFile(settings.trustStoreFile().get().toString());
            }
            Optional<String> trustStorePassword = settings.trustStorePassword();
            trustStorePassword.ifPresent(b::trustStorePassword);
            connection = b.build();
        }
        return connection;
    }

    /** Logs out (revoking the SSO token) and releases the connection. */
    @Override
    public synchronized void close() {
        if (connection != null) {
            try {
                connection.close(true);
            } catch (Exception e) {
                LOG.fine(() -> "closing the oVirt connection failed: " + describe(e));
            }
            connection = null;
        }
    }

    private static String describe(Exception e) {
        // SDK messages carry the URL and the engine's reason, never the password; keep them to one line.
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return io.pwb.ovirt.xmlrpc.Abbreviation.abbreviate(m, 200);
    }

    private static String id(Identified ref) {
        return ref == null ? null : ref.id();
    }

    private static String enumName(Enum<?> e) {
        return e == null ? "unknown" : e.name().toLowerCase(java.util.Locale.ROOT);
    }

    private static long longOf(BigInteger v) {
        return v == null ? 0L : v.longValue();
    }

    private static int cores(org.ovirt.engine.sdk4.types.CpuTopology t) {
        if (t == null) {
            return 0;
        }
        long sockets = t.sockets() == null ? 1 : t.sockets().longValue();
        long cores = t.cores() == null ? 1 : t.cores().longValue();
        long threads = t.threads() == null ? 1 : t.threads().longValue();
        return (int) Math.min(Integer.MAX_VALUE, sockets * cores * threads);
    }
}
