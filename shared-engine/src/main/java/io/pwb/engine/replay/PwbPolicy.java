package io.pwb.engine.replay;

import io.pwb.engine.sim.ClusterObservation;

import java.util.List;

/**
 * {@code pwb}: the real engine (forecasters, planner, shadow ledger) driving the simulated platform.
 */
public final class PwbPolicy implements ReplayPolicy {
    public static final List<String> MODES = List.of("balance", "cost");

    private PwbPolicy() {
    }

    public static ReplayPolicy create(String mode, Scenario scenario) {
        if (!MODES.contains(mode)) {
            throw new IllegalArgumentException("unknown mode '" + mode + "' for policy pwb; known: " + String.join(", ", MODES));
        }
        throw new IllegalStateException("policy pwb needs the engine's planner, which this build does not contain yet");
    }

    @Override
    public String name() {
        return "pwb";
    }

    @Override
    public List<Migration> decide(ClusterObservation observation) {
        return List.of();
    }
}
