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

import javax.net.ssl.SSLContext;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reads hosts, VMs, their statistics and the clusters' affinity groups from an oVirt engine with the oVirt Java
 * SDK. One connection is kept between polls, so the SSO token is obtained once and reused (the SDK renews it when
 * the engine answers 401). While the engine is unreachable, polls back off exponentially instead of hammering it.
 * An engine that accepts connections but answers slowly or never cannot hold a poll: every request has a timeout
 * and the whole collection runs on the collector's own thread under a deadline, after which the connection is
 * dropped (and a new one made at the next attempt); the SSO token of a dropped connection is revoked in the
 * background once the engine answers again. Secrets are never logged.
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
    private final Optional<SSLContext> trust;
    private final boolean deviceStatistics;
    private final Backoff backoff;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "pwb-ovirt-collector");
        t.setDaemon(true);
        return t;
    });
    private final AbandonedTokens abandoned = new AbandonedTokens(this::revoke);
    private final Object connectionLock = new Object();
    private Connection connection;
    private volatile Future<OvirtInventory> inFlight;

    /**
     * Reads and checks what the connection trusts at once, so that a trust store without certificates or an
     * unreadable CA file is reported at start-up (an {@link IllegalStateException} naming the file).
     *
     * @param deviceStatistics also read per-NIC and per-disk statistics (several more requests per VM)
     */
    public OvirtCollector(OvirtEngineSettings settings, boolean deviceStatistics, Backoff backoff) {
        this.settings = settings;
        this.trust = settings.trust();
        this.deviceStatistics = deviceStatistics;
        this.backoff = backoff;
    }

    /**
     * Collects unless backing off; empty when skipped or failed (the failure is logged, the next poll retries).
     * Returns within the collection timeout (plus a little): a collection still running then is abandoned.
     */
    public synchronized Optional<OvirtInventory> poll(Instant now) {
        if (!backoff.ready(now)) {
            return Optional.empty();
        }
        if (inFlight != null && !inFlight.isDone()) {
            // An abandoned collection that has not ended although its connection was closed: do not queue behind it.
            Duration wait = backoff.failure(now);
            LOG.warning(() -> "the abandoned collection from oVirt engine " + settings.apiUrl()
                    + " is still running; next attempt in " + wait.toSeconds() + " s");
            return Optional.empty();
        }
        // Built here (no request is sent yet), so that abandoning the collection closes exactly the connection it uses.
        Connection c;
        try {
            c = connection();
        } catch (Exception e) {
            return failed(now, e);
        }
        Future<OvirtInventory> collection;
        try {
            collection = worker.submit(() -> collect(c, now));
        } catch (RejectedExecutionException e) {
            return Optional.empty(); // closed
        }
        inFlight = collection;
        try {
            OvirtInventory inventory = collection.get(settings.collectionTimeout().toMillis(), TimeUnit.MILLISECONDS);
            if (backoff.consecutiveFailures() > 0) {
                LOG.info(() -> "oVirt engine " + settings.apiUrl() + " reachable again");
            }
            backoff.success();
            abandoned.revokeInBackground(); // the engine answers again
            return Optional.of(inventory);
        } catch (TimeoutException e) {
            abandon(collection, c);
            Duration wait = backoff.failure(now.plus(settings.collectionTimeout()));
            LOG.warning(() -> "collecting from oVirt engine " + settings.apiUrl() + " did not finish within "
                    + readable(settings.collectionTimeout()) + " (pwb.ovirt.engine.collection-timeout):"
                    + " connection dropped; next attempt, on a new connection, in " + wait.toSeconds() + " s");
            return Optional.empty();
        } catch (InterruptedException e) {
            abandon(collection, c);
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (CancellationException e) {
            return Optional.empty(); // closed while collecting
        } catch (ExecutionException e) {
            return failed(now, e.getCause() == null ? e : e.getCause());
        }
    }

    private Optional<OvirtInventory> failed(Instant now, Throwable cause) {
        Duration wait = backoff.failure(now);
        LOG.warning(() -> "collecting from oVirt engine " + settings.apiUrl() + " failed ("
                + describe(cause) + "); next attempt in " + wait.toSeconds() + " s");
        LOG.log(Level.FINE, "oVirt collection failure", cause);
        return Optional.empty();
    }

    /** Stops a collection past its deadline: closing its connection ends the reads it is blocked in. */
    private void abandon(Future<OvirtInventory> collection, Connection used) {
        collection.cancel(true);
        synchronized (connectionLock) {
            if (connection == used) {
                connection = null;
            }
        }
        close(used, false); // no logout now: the engine is not answering
        abandoned.add(() -> {
            try {
                return Optional.ofNullable(used.authenticate()); // closed: hands over the token it has, sends nothing
            } catch (RuntimeException noToken) {
                return Optional.empty();
            }
        });
    }

    /** Ends an abandoned token's validity on the engine: a connection with that token, closed with logout. */
    private void revoke(String token) throws Exception {
        Connection c = new TimedConnectionBuilder(settings.timeout(), trust)
                .url(settings.apiUrl().toString())
                .token(token)
                .build();
        try {
            c.close(true);
        } finally {
            close(c, false); // the SDK skips releasing its HTTP client when the logout fails
        }
    }

    public Backoff backoff() {
        return backoff;
    }

    private OvirtInventory collect(Connection c, Instant now) {
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
                    enumName(v.placementPolicy() == null ? null : v.placementPolicy().affinity()),
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

    private Connection connection() throws Exception {
        synchronized (connectionLock) {
            if (connection == null) {
                ConnectionBuilder b = new TimedConnectionBuilder(settings.timeout(), trust)
                        .url(settings.apiUrl().toString())
                        .user(settings.user())
                        .password(settings.password());
                connection = b.build();
            }
            return connection;
        }
    }

    /**
     * Logs out (revoking the SSO token) and releases the connection and the collector's threads. A collection still
     * running is abandoned without logging out, since the engine is not answering it; tokens of abandoned
     * connections still waiting for revocation are left to expire on the engine.
     */
    @Override
    public void close() {
        abandoned.close();
        Future<OvirtInventory> running = inFlight;
        boolean stuck = running != null && !running.isDone();
        if (stuck) {
            running.cancel(true);
        }
        Connection closing;
        synchronized (connectionLock) {
            closing = connection;
            connection = null;
        }
        close(closing, !stuck);
        worker.shutdownNow();
    }

    private static void close(Connection c, boolean logout) {
        if (c == null) {
            return;
        }
        try {
            c.close(logout);
        } catch (Exception e) {
            LOG.fine(() -> "closing the oVirt connection failed: " + describe(e));
        }
    }

    private static String readable(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static String describe(Throwable e) {
        // SDK messages carry the URL and the engine's reason, never the password; the root cause says what the
        // network did ("Failed to send request" alone does not). Keep them to one line.
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = message(e) + (root == e ? "" : ": " + message(root));
        return io.pwb.ovirt.xmlrpc.Abbreviation.abbreviate(m, 200);
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
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
