package io.pwb.engine.planning;

import io.pwb.engine.forecast.Forecast;
import io.pwb.engine.model.ClusterSnapshot;
import io.pwb.engine.model.CoolDowns;
import io.pwb.engine.model.Metric;
import io.pwb.engine.model.PlanningMode;
import io.pwb.engine.model.PlanningSettings;
import io.pwb.engine.model.Reservation;
import io.pwb.engine.model.Vm;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The baseline PWB is measured against: act only when a host is over its threshold now. It is the same planner
 * fed with each VM's current usage as a flat one-step "forecast", in advisory mode, so the two differ only in
 * looking ahead. VMs without an observed usage count at their configured size and are not moved.
 */
public final class ReactiveThresholdPolicy implements PlanningPolicy {

    private final Planner planner = new Planner();

    @Override
    public PlanResult plan(ClusterSnapshot snapshot, Collection<Reservation> reservations, CoolDowns coolDowns) {
        if (snapshot == null) {
            return planner.plan(null, reservations, coolDowns);
        }
        PlanningSettings s = snapshot.settings();
        PlanningSettings now = s.withHorizonSteps(1).withMode(PlanningMode.ADVISORY);
        List<Vm> current = new ArrayList<>(snapshot.vms().size());
        for (Vm vm : snapshot.vms()) {
            if (vm.currentUsage() == null) {
                current.add(vm.withForecasts(Map.of()));
            } else {
                current.add(vm.withForecasts(Map.of(
                        Metric.CPU_MHZ, Forecast.flat(vm.currentUsage().cpuMhz(), 1, s.stepSeconds()),
                        Metric.MEMORY_BYTES, Forecast.flat(vm.currentUsage().memoryBytes(), 1, s.stepSeconds()))));
            }
        }
        return planner.plan(snapshot.withVms(current).withSettings(now), reservations, coolDowns);
    }
}
