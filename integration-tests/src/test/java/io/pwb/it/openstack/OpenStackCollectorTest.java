package io.pwb.it.openstack;

import io.pwb.engine.model.EntityKind;
import io.pwb.engine.model.Host;
import io.pwb.engine.model.HostState;
import io.pwb.engine.model.Vm;
import io.pwb.engine.placement.FilterResult;
import io.pwb.engine.model.Metric;
import io.pwb.engine.runtime.ClusterEngine;
import io.pwb.openstack.collector.CollectionOutcome;
import io.pwb.openstack.collector.EndpointInterface;
import io.pwb.openstack.collector.OpenStackCollector;
import io.pwb.openstack.collector.OpenStackInventory;
import io.pwb.openstack.collector.OpenStackPoller;
import io.pwb.openstack.collector.OpenStackSettings;
import io.pwb.openstack.collector.ServerGroup;
import io.pwb.openstack.watcher.AuditParameters;
import io.pwb.openstack.watcher.RecentInstanceHistory;
import io.pwb.openstack.watcher.WatcherInstance;
import io.pwb.openstack.watcher.WatcherMove;
import io.pwb.openstack.watcher.WatcherNode;
import io.pwb.openstack.watcher.WatcherPlanRequest;
import io.pwb.openstack.watcher.WatcherPlanResponse;
import io.pwb.openstack.watcher.WatcherPlanningService;
import io.pwb.engine.shadow.ShadowState;
import io.pwb.openstack.watcher.WatcherShadowBook;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The OpenStack collector against Keystone, Nova, Placement and Gnocchi stubs on loopback. */
class OpenStackCollectorTest {

    static final String CMP1 = "a1b2c3d4-0000-4000-8000-000000000001";
    static final String CMP2 = "a1b2c3d4-0000-4000-8000-000000000002";
    static final String WEB = "5e1f0000-0000-4000-8000-00000000000a";
    static final String DB = "5e1f0000-0000-4000-8000-00000000000b";
    static final String CACHE = "5e1f0000-0000-4000-8000-00000000000c";
    static final String OFF = "5e1f0000-0000-4000-8000-00000000000d";
    static final String LOCKED = "5e1f0000-0000-4000-8000-00000000000e";
    static final String UNSIZED = "5e1f0000-0000-4000-8000-00000000000f";

    OpenStackStub stub;
    OpenStackCollector collector;
    Path password;

    @BeforeEach
    void start() throws Exception {
        stub = twoHostCloud();
        Path dir = Files.createDirectories(Path.of("target"));
        password = Files.createTempFile(dir, "os-password-", ".txt");
        Files.writeString(password, "s3cret\n");
        collector = new OpenStackCollector(new OpenStackSettings(stub.authUrl(), "pwb", "Default", "admin", "Default",
                password, null, null, null, Duration.ofHours(1), 300, Duration.ofSeconds(5), Duration.ofSeconds(1),
                Duration.ofSeconds(8)), Clock.systemUTC());
    }

    /**
     * cmp1 (16 vCPUs, 2 reserved, ratio 4; host CPU 45 %) runs web (90 % of 4 vCPUs) and db (80 % of 4); cmp2
     * (host CPU 5 %) runs cache and a stopped instance; db and cache form an anti-affinity server group.
     */
    static OpenStackStub twoHostCloud() throws java.io.IOException {
        return twoHostCloud(null);
    }

    /** The same cloud served over HTTPS only with this server context (null: plain HTTP). */
    static OpenStackStub twoHostCloud(javax.net.ssl.SSLContext tls) throws java.io.IOException {
        OpenStackStub stub = new OpenStackStub(tls);
        stub.addHypervisor(new OpenStackStub.Hypervisor(CMP1, "cmp1.example", "cmp1", "up", "enabled", 16, 65536,
                500, 4.0, 2, 45.0));
        stub.addHypervisor(new OpenStackStub.Hypervisor(CMP2, "cmp2.example", "cmp2", "up", "enabled", 16, 65536,
                500, 4.0, 2, 5.0));
        stub.addServer(new OpenStackStub.Server(WEB, "web", "active", CMP1, 4, 4096, 20, 90, 3000));
        stub.addServer(new OpenStackStub.Server(DB, "db", "active", CMP1, 4, 8192, 40, 80, 6000));
        stub.addServer(new OpenStackStub.Server(CACHE, "cache", "active", CMP2, 2, 2048, 10, 10, 1000));
        stub.addServer(new OpenStackStub.Server(OFF, "off", "stopped", CMP2, 1, 512, 1, 0, 0));
        stub.addServerGroup("group-1", "db-ha", "anti-affinity", List.of(DB, CACHE));
        return stub;
    }

    @AfterEach
    void stop() {
        stub.close();
    }

    @Test
    void aFullCycleReadsNodesInstancesGroupsAndHistory() {
        OpenStackInventory inventory = collected(collector.collect());

        assertEquals(2, inventory.nodes().size());
        WatcherNode cmp1 = inventory.nodes().stream().filter(n -> n.uuid().equals(CMP1)).findFirst().orElseThrow();
        assertEquals("cmp1", cmp1.hostname(), "migrate actions need the service host, not the hypervisor name");
        assertEquals(16, cmp1.vcpus());
        assertEquals(2, cmp1.vcpuReserved());
        assertEquals(4.0, cmp1.vcpuRatio(), 1e-9);
        assertEquals((16 - 2) * 4.0, cmp1.vcpuCapacity(), 1e-9);
        assertEquals((65536 - 512) * 1.5, cmp1.memoryMbCapacity(), 1e-9);

        assertEquals(4, inventory.instances().size());
        WatcherInstance db = inventory.instances().stream().filter(i -> i.uuid().equals(DB)).findFirst().orElseThrow();
        assertEquals(CMP1, db.nodeUuid());
        assertEquals(4, db.vcpus());
        assertEquals(8192, db.memoryMb());
        assertEquals(40, db.diskGb());
        assertEquals("stopped", inventory.instances().stream().filter(i -> i.uuid().equals(OFF)).findFirst()
                .orElseThrow().state());

        ServerGroup group = inventory.serverGroups().get(0);
        assertTrue(group.antiAffinity());
        assertEquals(List.of(DB, CACHE), group.memberUuids());

        // Gnocchi's cpu rate (ns per step) back to % of the instance's vCPUs; three steps of history.
        List<Double> dbCpu = inventory.metrics().instanceCpuPercent().get(DB);
        assertEquals(3, dbCpu.size());
        assertEquals(80.0, dbCpu.get(2), 1e-6);
        assertEquals(6000.0, inventory.metrics().instanceRamMb().get(DB).get(0), 1e-9);
        assertEquals(45.0, inventory.metrics().hostCpuPercent().get(CMP1).get(0), 1e-9);
        assertEquals(1, stub.tokensIssued());
    }

    @Test
    void anExpiredTokenIsRenewedAndTheCycleCompletes() {
        collected(collector.collect());
        stub.expireTokens();
        collected(collector.collect());
        assertEquals(2, stub.tokensIssued());
        assertTrue(stub.requests().stream().anyMatch(r -> r.status() == 401), "the stub never answered 401");

        // Gnocchi rejects the token mid-cycle: the collector logs in again and reads the metrics.
        stub.expireTokensOnFirst("/metric/");
        OpenStackInventory inventory = collected(collector.collect());
        assertEquals(3, stub.tokensIssued());
        assertEquals(3, inventory.metrics().instanceCpuPercent().get(WEB).size());
    }

    @Test
    void a503EndsTheCycleWithBackOffThatResetsAfterSuccess() {
        stub.failNext("os-hypervisors", 503);
        CollectionOutcome first = collector.collect();
        CollectionOutcome.Failed failed = assertInstanceOf(CollectionOutcome.Failed.class, first);
        assertTrue(failed.reason().contains("503"), failed.reason());
        assertEquals(Duration.ofSeconds(1), failed.retryAfter());

        stub.failNext("/placement/", 503);
        assertEquals(Duration.ofSeconds(2),
                assertInstanceOf(CollectionOutcome.Failed.class, collector.collect()).retryAfter());

        collected(collector.collect());
        stub.failNext("/metric/v1/resource/instance/", 503);
        CollectionOutcome.Failed gnocchi = assertInstanceOf(CollectionOutcome.Failed.class, collector.collect());
        assertTrue(gnocchi.reason().contains("Gnocchi answered HTTP 503"), gnocchi.reason());
        assertEquals(Duration.ofSeconds(1), gnocchi.retryAfter(), "a success resets the back-off");
    }

    @Test
    void theInterfaceSettingPicksTheCatalogEndpoints() {
        for (EndpointInterface iface : EndpointInterface.values()) {
            int before = stub.requests().size();
            OpenStackCollector c = new OpenStackCollector(new OpenStackSettings(stub.authUrl(), "pwb", "Default",
                    "admin", "Default", password, "RegionOne", null, null, Duration.ofHours(1), 300,
                    Duration.ofSeconds(5), Duration.ofSeconds(1), Duration.ofSeconds(8)).withInterface(iface),
                    Clock.systemUTC());
            assertEquals(4, collected(c.collect()).instances().size());
            // Keystone is the auth URL; Nova, Placement and Gnocchi (through OpenStack4j and the plain REST calls
            // alike) are the catalog's endpoints of that interface.
            List<String> services = stub.requests().subList(before, stub.requests().size()).stream()
                    .map(OpenStackStub.Request::path).filter(p -> !p.startsWith("/identity/")).toList();
            String prefix = iface == EndpointInterface.PUBLIC ? "/" : "/" + iface.key() + "/";
            assertTrue(services.stream().anyMatch(p -> p.endsWith("/inventories")), services.toString());
            assertTrue(services.stream().anyMatch(p -> p.contains("/os-hypervisors")), services.toString());
            assertTrue(services.stream().anyMatch(p -> p.contains("/metric/v1/")), services.toString());
            assertTrue(services.stream().allMatch(p -> p.startsWith(prefix + "compute/")
                    || p.startsWith(prefix + "placement/") || p.startsWith(prefix + "metric/")),
                    iface + ": " + services);
        }
    }

    @Test
    void aCatalogEndpointThatIsNotAUrlIsANamedFailureWithBackOff() {
        stub.catalogUrl("compute", "nova.internal:8774/v2.1"); // the scheme forgotten in the catalog
        CollectionOutcome.Failed first = assertInstanceOf(CollectionOutcome.Failed.class, collector.collect());
        // OpenStack4j maps the catalog's URLs while reading Keystone's answer: the failure names the value.
        assertTrue(first.reason().startsWith("OpenStack sent an answer PWB cannot read: cannot read KeystoneToken "
                + "from the answer to " + stub.authUrl() + "/auth/tokens: "), first.reason());
        assertTrue(first.reason().contains("\"nova.internal:8774/v2.1\""), first.reason());
        assertEquals(Duration.ofSeconds(1), first.retryAfter());
        assertEquals(Duration.ofSeconds(2), assertInstanceOf(CollectionOutcome.Failed.class, collector.collect())
                .retryAfter(), "the collector's back-off applies");
    }

    @Test
    void theCollectorVerifiesTheShadowOfAMoveWatcherPerformed() {
        CollectorPipeline p = CollectorPipeline.of(collector);
        WatcherShadowBook shadows = p.shadows();
        RecentInstanceHistory history = p.history();
        WatcherPlanningService planning = p.planning();
        ClusterEngine engine = p.engine();
        OpenStackPoller poller = p.poller();
        OpenStackPoller.Cycle cycle = poller.runOnce();
        OpenStackInventory inventory = collected(cycle.outcome());
        assertEquals(3, history.cpuPercent(WEB, 300).size(), "the poller keeps Gnocchi's history for audits");
        assertTrue(engine.series(EntityKind.VM, WEB, Metric.CPU_PERCENT).isPresent(),
                "Gnocchi's measures reach PWB's engine");
        // The anti-affinity server group is a hard rule in the engine's dependency map.
        var rules = engine.snapshot(java.time.Instant.now()).dependencies().hardRules(DB);
        assertEquals(1, rules.size(), rules.toString());
        assertTrue(!rules.get(0).positive() && rules.get(0).vmIds().contains(CACHE), rules.toString());

        // Plan on what the collector saw: cmp1 is at 45 % (threshold 40), cmp2 at 5 %.
        WatcherPlanResponse plan = planning.plan(new WatcherPlanRequest("audit-x",
                new AuditParameters(40, 60, 1, "balance"), inventory.nodes(), inventory.instances(),
                inventory.metrics()));
        assertEquals(1, plan.moves().size(), plan.notes().toString());
        WatcherMove move = plan.moves().get(0);
        assertEquals("cmp1", move.sourceHostname());
        assertEquals("cmp2", move.destinationHostname());
        assertEquals(ShadowState.RESERVED, shadows.all().get(0).state());

        // Watcher's applier migrated it; the next cycle sees it on cmp2 and starts verifying the shadow
        // against cmp2's observed load (committed after the verification window, or rolled back if harmful).
        stub.moveServer(move.instanceUuid(), CMP2);
        OpenStackPoller.Cycle after = poller.runOnce();
        assertEquals(ShadowState.VERIFYING, shadows.all().get(0).state(), after.shadowChanges().toString());
        assertTrue(after.shadowChanges().stream().anyMatch(c -> c.contains("VERIFYING")));
        assertEquals(Duration.ofMinutes(5), after.nextRunIn());
    }

    @Test
    void aLockedServerIsNeverInAPlannedMove() {
        // The busiest instance of the hot host is locked in Nova: the obvious move, and never made.
        stub.addServer(new OpenStackStub.Server(LOCKED, "locked-db", "active", CMP1, 4, 4096, 20, 100, 3000, true));
        CollectorPipeline p = CollectorPipeline.of(collector);
        ClusterEngine engine = p.engine();
        WatcherPlanningService planning = p.planning();
        OpenStackInventory inventory = collected(p.poller().runOnce().outcome());

        WatcherInstance locked = inventory.instances().stream().filter(i -> i.uuid().equals(LOCKED)).findFirst()
                .orElseThrow();
        assertTrue(locked.locked(), "Nova's locked flag (microversion 2.9+) reaches the inventory");
        assertEquals("locked", locked.pinnedReason().orElseThrow());
        assertTrue(inventory.instances().stream().filter(i -> !i.uuid().equals(LOCKED)).noneMatch(WatcherInstance::locked));
        assertEquals(false, engine.vm(LOCKED).orElseThrow().migratable(), "the engine must not move it either");
        assertEquals(true, engine.vm(WEB).orElseThrow().migratable());

        WatcherPlanResponse plan = planning.plan(new WatcherPlanRequest("audit-locked",
                new AuditParameters(40, 60, 5, "balance"), inventory.nodes(), inventory.instances(),
                inventory.metrics()));
        assertTrue(!plan.moves().isEmpty(), "cmp1 is over the threshold, something else moves: " + plan.notes());
        assertTrue(plan.moves().stream().noneMatch(m -> m.instanceUuid().equals(LOCKED)), plan.moves().toString());
    }

    @Test
    void aServerWhoseLockNovaDoesNotReportIsTreatedAsLocked() {
        stub.omitLocked(true);
        CollectionOutcome.Collected c = assertInstanceOf(CollectionOutcome.Collected.class, collector.collect());
        assertTrue(c.inventory().instances().stream().allMatch(WatcherInstance::locked));
        assertTrue(c.warnings().stream().anyMatch(w -> w.contains("did not report 'locked' for 4 server(s)")),
                c.warnings().toString());
    }

    @Test
    void novasPagedServerListIsReadToTheEnd() {
        stub.maxLimit("servers", 3);
        OpenStackInventory inventory = collected(collector.collect());
        assertEquals(4, inventory.instances().size());
        List<OpenStackStub.Request> pages = stub.requests().stream().filter(r -> r.path().endsWith("/servers/detail"))
                .toList();
        assertEquals(2, pages.size(), pages.toString());
        assertTrue(pages.get(0).query().contains("limit=") && pages.get(1).query().contains("marker="),
                pages.toString());
    }

    @Test
    void theEngineHoldsPlacementCapacityAndUsesTheServerGroups() {
        CollectorPipeline p = CollectorPipeline.of(collector);
        ClusterEngine engine = p.engine();
        p.poller().runOnce();

        Host cmp1 = engine.host(CMP1).orElseThrow();
        assertEquals("cmp1", cmp1.name());
        // As a Watcher audit maps it: CPU = the physical vCPUs utilisation is measured against (not overcommitted),
        // memory = Placement's MEMORY_MB total - reserved, promised up to its allocation ratio.
        assertEquals(16 * WatcherShadowBook.MHZ_PER_VCPU, cmp1.capacity().cpuMhz(), 1e-6);
        assertEquals(1.0, cmp1.overcommit().cpu(), 1e-9);
        assertEquals((65536 - 512) * 1024.0 * 1024.0, cmp1.capacity().memoryBytes(), 1e-3);
        assertEquals(1.5, cmp1.overcommit().memory(), 1e-9, "Placement MEMORY_MB allocation_ratio");
        assertEquals(HostState.UP, cmp1.state());
        Vm db = engine.vm(DB).orElseThrow();
        assertEquals(CMP1, db.hostId());
        assertEquals(4, db.size().vcpus());
        assertEquals(8192L * 1024 * 1024, db.size().memoryBytes());
        assertEquals(false, engine.vm(OFF).orElseThrow().migratable(), "stopped instances are not live-migrated");
        assertTrue(engine.series(EntityKind.HOST, CMP1, Metric.CPU_PERCENT).isPresent(), "host CPU reaches the engine");

        // The engine's placement uses both: db may not join cache (anti-affinity group) on cmp2, web may.
        FilterResult forDb = engine.filter(DB, List.of(CMP2), java.time.Instant.now());
        assertTrue(forDb.passedHostIds().isEmpty(), forDb.toString());
        FilterResult forWeb = engine.filter(WEB, List.of(CMP2), java.time.Instant.now());
        assertEquals(List.of(CMP2), forWeb.passedHostIds(), forWeb.toString());
    }

    @Test
    void serversCarryTheirFlavorSizesSoNoFlavorIsLookedUp() {
        // Nova's /flavors lists neither other projects' private flavors nor deleted ones; the sizes come with the
        // server (microversion 2.47+), and this stub serves no /flavors at all.
        OpenStackInventory inventory = collected(collector.collect());
        WatcherInstance web = instance(inventory, WEB);
        assertEquals(4, web.vcpus());
        assertEquals(4096, web.memoryMb());
        assertEquals(20, web.diskGb());
        assertTrue(stub.requests().stream().noneMatch(r -> r.path().contains("/flavors")), stub.requests().toString());
    }

    @Test
    void aServerWhoseSizeNovaDoesNotReportIsNeverMovedWithOneWarning() {
        // The hot host's busiest instance, whose flavor Nova does not report: the move a planner would pick first.
        stub.addServer(new OpenStackStub.Server(UNSIZED, "unsized", "active", CMP1, 4, 4096, 20, 100, 3000));
        stub.flavorUnknown(UNSIZED);
        CollectorPipeline p = CollectorPipeline.of(collector);
        OpenStackPoller.Cycle cycle = p.poller().runOnce();
        CollectionOutcome.Collected c = assertInstanceOf(CollectionOutcome.Collected.class, cycle.outcome());
        WatcherInstance unsized = instance(c.inventory(), UNSIZED);
        assertEquals("flavor size unknown", unsized.pinnedReason().orElseThrow());
        assertEquals(CMP1, unsized.nodeUuid());
        List<String> sizeWarnings = c.warnings().stream().filter(w -> w.contains("flavor")).toList();
        assertEquals(1, sizeWarnings.size(), c.warnings().toString());
        assertTrue(sizeWarnings.get(0).contains("of 1 server(s)") && sizeWarnings.get(0).contains(UNSIZED),
                sizeWarnings.get(0));
        assertTrue(p.engine().vm(UNSIZED).isEmpty(), "the engine may not move it either");
        assertTrue(p.engine().vm(WEB).orElseThrow().migratable());

        WatcherPlanResponse plan = p.planning().plan(new WatcherPlanRequest("audit-size",
                new AuditParameters(40, 60, 5, "balance"), c.inventory().nodes(), c.inventory().instances(),
                c.inventory().metrics()));
        assertTrue(!plan.moves().isEmpty(), "cmp1 is over the threshold, web moves instead: " + plan.notes());
        assertTrue(plan.moves().stream().noneMatch(m -> m.instanceUuid().equals(UNSIZED)), plan.moves().toString());
    }

    @Test
    void serverGroupsOfEveryProjectAreReadPageByPageInBothPolicyForms() {
        // Another project's anti-affinity group over web and cache, and enough groups for three of Nova's pages.
        stub.addServerGroup("group-2", "web-ha", "anti-affinity", List.of(WEB, CACHE), "project-2");
        stub.addServerGroup("group-3", "pair", "affinity", List.of(WEB, DB), "project-3");
        stub.addServerGroup("group-4", "spread", "soft-anti-affinity", List.of(OFF, CACHE), "project-2");
        stub.addServerGroup("group-5", "near", "soft-affinity", List.of(OFF, DB), "project-3");
        stub.maxLimit("server_groups", 2);
        // Before 2.64 each group has a list of policies, from 2.64 one policy; the collector reads both.
        for (String microversion : List.of("2.56", "2.64", "2.90")) {
            int before = stub.requests().size();
            OpenStackInventory inventory = collected(collector(microversion).collect());
            assertEquals(java.util.Map.of("group-1", "anti-affinity", "group-2", "anti-affinity", "group-3",
                    "affinity", "group-4", "soft-anti-affinity", "group-5", "soft-affinity"),
                    inventory.serverGroups().stream().collect(java.util.stream.Collectors.toMap(ServerGroup::id,
                            ServerGroup::policy)), microversion);
            List<OpenStackStub.Request> pages = stub.requests().subList(before, stub.requests().size()).stream()
                    .filter(r -> r.path().endsWith("/os-server-groups")).toList();
            assertEquals(4, pages.size(), "pages of 2, 2, 1, then an empty one: " + pages);
            assertTrue(pages.stream().allMatch(r -> r.query().contains("all_projects=True")), pages.toString());
        }

        // In the engine, the other project's group is a hard rule like PWB's own project's.
        CollectorPipeline p = CollectorPipeline.of(collector);
        p.poller().runOnce();
        FilterResult forWeb = p.engine().filter(WEB, List.of(CMP2), java.time.Instant.now());
        assertTrue(forWeb.passedHostIds().isEmpty(), "web may not join cache (project-2's group): " + forWeb);
    }

    @Test
    void withoutTheRightToListAllProjectsTheProjectsOwnGroupsAreReadWithOneWarning() {
        stub.addServerGroup("group-2", "web-ha", "anti-affinity", List.of(WEB, CACHE), "project-2");
        stub.refuseAllProjects(true);
        CollectionOutcome.Collected c = assertInstanceOf(CollectionOutcome.Collected.class, collector.collect());
        assertEquals(List.of("group-1"), c.inventory().serverGroups().stream().map(ServerGroup::id).toList());
        List<String> groupWarnings = c.warnings().stream().filter(w -> w.contains("server groups")).toList();
        assertEquals(1, groupWarnings.size(), c.warnings().toString());
        assertTrue(groupWarnings.get(0).contains("HTTP 403"), groupWarnings.get(0));
    }

    @Test
    void hypervisorsAreReadPageByPage() {
        stub.maxLimit("hypervisors", 1);
        OpenStackInventory inventory = collected(collector.collect());
        assertEquals(java.util.Set.of(CMP1, CMP2), inventory.nodes().stream().map(WatcherNode::uuid)
                .collect(java.util.stream.Collectors.toSet()));
        List<OpenStackStub.Request> pages = stub.requests().stream()
                .filter(r -> r.path().endsWith("/os-hypervisors/detail")).toList();
        assertEquals(2, pages.size(), pages.toString());
        assertTrue(pages.get(1).query().contains("marker=" + CMP1), pages.toString());
        assertEquals(4, inventory.instances().stream().filter(i -> i.nodeUuid() != null).count(),
                "servers on the second page's hypervisor are placed too");
    }

    @Test
    void from288TheHostCapacityComesFromPlacementAndANodeWithoutItIsLeftAlone() {
        // Nova 2.88+ reports no hypervisor sizes: the capacity is Placement's, with its reserve and ratio.
        OpenStackCollector at288 = collector("2.88");
        WatcherNode cmp1 = node(collected(at288.collect()), CMP1);
        assertEquals(16, cmp1.vcpus());
        assertEquals((16 - 2) * 4.0, cmp1.vcpuCapacity(), 1e-9);
        assertEquals((65536 - 512) * 1.5, cmp1.memoryMbCapacity(), 1e-9);

        // Placement does not know cmp2 (404): at 2.56 Nova's hypervisor sizes stand in, as Watcher does ...
        stub.withoutResourceProvider(CMP2);
        CollectionOutcome.Collected at256 = assertInstanceOf(CollectionOutcome.Collected.class, collector.collect());
        WatcherNode fallback = node(at256.inventory(), CMP2);
        assertEquals(16, fallback.vcpus());
        assertEquals(0, fallback.vcpuReserved());
        assertEquals(1.0, fallback.vcpuRatio(), 1e-9);
        assertEquals(65536, fallback.memoryMb());

        // ... and at 2.88 nobody knows it: the cycle completes, warns once, and nothing moves to or from cmp2.
        CollectorPipeline p = CollectorPipeline.of(at288);
        CollectionOutcome.Collected c = assertInstanceOf(CollectionOutcome.Collected.class,
                p.poller().runOnce().outcome());
        WatcherNode unknown = node(c.inventory(), CMP2);
        assertEquals(0, unknown.vcpus());
        assertEquals(0, unknown.memoryMb());
        List<String> capacityWarnings = c.warnings().stream().filter(w -> w.contains("capacity")).toList();
        assertEquals(1, capacityWarnings.size(), c.warnings().toString());
        assertTrue(capacityWarnings.get(0).contains("cmp2 [VCPU, MEMORY_MB, DISK_GB]"), capacityWarnings.get(0));
        WatcherPlanResponse plan = p.planning().plan(new WatcherPlanRequest("audit-288",
                new AuditParameters(40, 60, 5, "balance"), c.inventory().nodes(), c.inventory().instances(),
                c.inventory().metrics()));
        assertEquals(List.of(), plan.moves(), "cmp1 is hot but the only other host's capacity is unknown");
        FilterResult forWeb = p.engine().filter(WEB, List.of(CMP2), java.time.Instant.now());
        assertTrue(forWeb.passedHostIds().isEmpty(), forWeb.toString());
    }

    @Test
    void aMicroversionNovaDoesNotServeIsANamedFailure() {
        stub.maxMicroversion(87);
        CollectionOutcome.Failed failed = assertInstanceOf(CollectionOutcome.Failed.class,
                collector("2.88").collect());
        assertTrue(failed.reason().startsWith("Nova does not serve compute microversion 2.88 (HTTP 406)"),
                failed.reason());
        assertEquals(Duration.ofSeconds(1), failed.retryAfter());
    }

    private OpenStackCollector collector(String microversion) {
        return new OpenStackCollector(new OpenStackSettings(stub.authUrl(), "pwb", "Default", "admin", "Default",
                password, null, null, microversion, Duration.ofHours(1), 300, Duration.ofSeconds(5),
                Duration.ofSeconds(1), Duration.ofSeconds(8)), Clock.systemUTC());
    }

    private static WatcherInstance instance(OpenStackInventory inventory, String uuid) {
        return inventory.instances().stream().filter(i -> i.uuid().equals(uuid)).findFirst().orElseThrow();
    }

    private static WatcherNode node(OpenStackInventory inventory, String uuid) {
        return inventory.nodes().stream().filter(n -> n.uuid().equals(uuid)).findFirst().orElseThrow();
    }

    private static OpenStackInventory collected(CollectionOutcome outcome) {
        if (outcome instanceof CollectionOutcome.Failed f) {
            throw new AssertionError("collection failed: " + f.reason());
        }
        return ((CollectionOutcome.Collected) outcome).inventory();
    }
}
