package io.pwb.engine.model;

import java.time.Instant;

/** Which VMs and hosts must not be moved / placed onto for a while (anti ping-pong, after rollbacks). */
public interface CoolDowns {
    /** The VM must not be moved by the planner. */
    boolean vmCoolingDown(String vmId, Instant now);

    /** Nothing may be placed on the host. */
    boolean hostCoolingDown(String hostId, Instant now);

    /** This VM must not be placed on this host (e.g. the host it just left, or a target it was rolled back from). */
    boolean pairCoolingDown(String vmId, String hostId, Instant now);

    /**
     * Move history: the extra gain (share of capacity, added to the planner's minimum gain) that moving this VM to
     * this host must bring because the VM left the host recently; 0 when it did not. A return needs a clearly
     * better reason than the move away, and the bar fades with time (ping-pong after the cool-down). Consolidation,
     * which has no gain to weigh, never returns a VM while this is above 0.
     */
    default double extraGainToReturn(String vmId, String hostId, Instant now) {
        return 0;
    }

    CoolDowns NONE = new CoolDowns() {
        @Override
        public boolean vmCoolingDown(String vmId, Instant now) {
            return false;
        }

        @Override
        public boolean hostCoolingDown(String hostId, Instant now) {
            return false;
        }

        @Override
        public boolean pairCoolingDown(String vmId, String hostId, Instant now) {
            return false;
        }
    };
}
