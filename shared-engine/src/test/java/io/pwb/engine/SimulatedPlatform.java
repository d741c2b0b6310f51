package io.pwb.engine;

import io.pwb.engine.model.ClusterSnapshot;
import io.pwb.engine.planning.Decision;
import io.pwb.engine.planning.PlanResult;
import io.pwb.engine.shadow.ShadowLedger;
import java.time.Instant;

/** Plays the platform in tests: carries out decisions at once and reports the VM's arrival to the ledger. */
public final class SimulatedPlatform {
    private SimulatedPlatform() {
    }

    public static ClusterSnapshot carryOut(ClusterSnapshot snapshot, PlanResult plan, ShadowLedger ledger,
                                           Instant at) {
        ClusterSnapshot s = snapshot;
        for (Decision d : plan.decisions()) {
            s = s.withVmOn(d.migration().vmId(), d.migration().targetHostId());
            if (ledger != null) {
                ledger.migrationStarted(d.clusterId(), d.migration().vmId(), at);
                ledger.vmObserved(d.clusterId(), d.migration().vmId(), d.migration().targetHostId(), at);
            }
        }
        return s;
    }
}
