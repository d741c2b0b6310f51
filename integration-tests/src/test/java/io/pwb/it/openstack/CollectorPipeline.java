package io.pwb.it.openstack;

import io.pwb.engine.model.PlanningSettings;
import io.pwb.engine.runtime.ClusterEngine;
import io.pwb.engine.shadow.ShadowLedger;
import io.pwb.openstack.collector.OpenStackCollector;
import io.pwb.openstack.collector.OpenStackPoller;
import io.pwb.openstack.watcher.LoadForecaster;
import io.pwb.openstack.watcher.RecentInstanceHistory;
import io.pwb.openstack.watcher.TrustedForecasts;
import io.pwb.openstack.watcher.WatcherPlanningService;
import io.pwb.openstack.watcher.WatcherShadowBook;

import java.time.Clock;
import java.time.Duration;

/**
 * The collector wired as the application wires it for the Watcher cluster: one shadow ledger shared by the
 * Watcher planning service and the engine, the collected history, and a poller (threshold 40 %, every 5 min)
 * feeding the engine.
 */
record CollectorPipeline(ShadowLedger ledger, WatcherShadowBook shadows, RecentInstanceHistory history,
                         WatcherPlanningService planning, ClusterEngine engine, OpenStackPoller poller) {

    static CollectorPipeline of(OpenStackCollector collector) {
        ShadowLedger ledger = new ShadowLedger(null, null);
        WatcherShadowBook shadows = new WatcherShadowBook(ledger, "openstack");
        RecentInstanceHistory history = new RecentInstanceHistory();
        WatcherPlanningService planning = new WatcherPlanningService(LoadForecaster.latestValue(), history,
                TrustedForecasts.none(), shadows, Clock.systemUTC());
        ClusterEngine engine = new ClusterEngine("openstack", PlanningSettings.DEFAULT, ledger);
        OpenStackPoller poller = new OpenStackPoller(collector, history, planning, 40, Duration.ofMinutes(5),
                Clock.systemUTC()).feeding(engine);
        return new CollectorPipeline(ledger, shadows, history, planning, engine, poller);
    }
}
