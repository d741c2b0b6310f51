package io.pwb.openstack.watcher;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Capacity reservations ("shadows") for the moves PWB returned to Watcher, until a later compute model shows
 * where the instance went. While RESERVED, a shadow's flavor and predicted load count against its
 * destination and the instance is frozen. The next model verifies it: the instance on the destination and
 * the destination under the threshold commits it; on the destination but above the threshold marks it
 * HARMFUL (instance and destination cool down, the next audit may move it on); still on the source after the
 * time to live expires it. This is the Watcher edge's seam to the engine's ShadowLedger.
 */
public final class WatcherShadows {

    public enum State { RESERVED, COMMITTED, HARMFUL, EXPIRED }

    public record Shadow(String id, String auditUuid, String instanceUuid, String sourceNodeUuid,
                         String destinationNodeUuid, int vcpus, long memoryMb, long diskGb, double cpuLoadVcpus,
                         Instant reservedAt, State state, Instant settledAt) {

        Shadow settle(State newState, Instant at) {
            return new Shadow(id, auditUuid, instanceUuid, sourceNodeUuid, destinationNodeUuid, vcpus, memoryMb,
                    diskGb, cpuLoadVcpus, reservedAt, newState, at);
        }
    }

    private final Duration timeToLive;
    private final Duration coolDown;
    private final List<Shadow> shadows = new ArrayList<>();

    public WatcherShadows(Duration timeToLive, Duration coolDown) {
        this.timeToLive = timeToLive;
        this.coolDown = coolDown;
    }

    public synchronized String reserve(String auditUuid, PlannedMove move, Instant now) {
        WatcherInstance instance = move.instance();
        String id = UUID.randomUUID().toString();
        shadows.add(new Shadow(id, auditUuid, instance.uuid(), move.source().uuid(), move.destination().uuid(),
                instance.vcpus(), instance.memoryMb(), instance.diskGb(), move.cpuLoadVcpus(), now, State.RESERVED,
                null));
        return id;
    }

    /**
     * Settles reserved shadows against a newly observed placement.
     *
     * @param placement            instance uuid -> node uuid it is on now
     * @param destinationOverloaded whether a node is at or above the threshold in the new observation
     * @return one line per shadow that changed state
     */
    public synchronized List<String> reconcile(Map<String, String> placement,
                                               java.util.function.Predicate<String> destinationOverloaded,
                                               Instant now) {
        List<String> changes = new ArrayList<>();
        for (int i = 0; i < shadows.size(); i++) {
            Shadow s = shadows.get(i);
            if (s.state() != State.RESERVED) {
                continue;
            }
            String node = placement.get(s.instanceUuid());
            State next = null;
            if (s.destinationNodeUuid().equals(node)) {
                next = destinationOverloaded.test(node) ? State.HARMFUL : State.COMMITTED;
            } else if (now.isAfter(s.reservedAt().plus(timeToLive))) {
                next = State.EXPIRED;
            }
            if (next != null) {
                shadows.set(i, s.settle(next, now));
                changes.add("shadow " + s.id() + " for " + s.instanceUuid() + " -> " + next);
            }
        }
        return changes;
    }

    public synchronized List<Shadow> reserved() {
        return shadows.stream().filter(s -> s.state() == State.RESERVED).toList();
    }

    /** Instances that must not be moved now: a move is pending, or a recent move turned out harmful. */
    public synchronized Set<String> frozenInstances(Instant now) {
        return shadows.stream()
                .filter(s -> s.state() == State.RESERVED
                        || (s.state() == State.HARMFUL && now.isBefore(s.settledAt().plus(coolDown))))
                .map(Shadow::instanceUuid)
                .collect(Collectors.toSet());
    }

    public synchronized List<Shadow> all() {
        return List.copyOf(shadows);
    }
}
