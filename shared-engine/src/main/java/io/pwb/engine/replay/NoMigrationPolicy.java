package io.pwb.engine.replay;

import io.pwb.engine.sim.ClusterObservation;

import java.util.List;

/** {@code none}: never migrates; VMs stay where the scenario placed them. */
public final class NoMigrationPolicy implements ReplayPolicy {
    @Override
    public String name() {
        return "none";
    }

    @Override
    public List<Migration> decide(ClusterObservation observation) {
        return List.of();
    }
}
