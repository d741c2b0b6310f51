package io.pwb.openstack.watcher;

import io.pwb.engine.model.VmSize;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An instance (server) in Watcher's compute model, with its flavor sizes.
 *
 * @param uuid           Nova server id; opaque here (Watcher's test scenarios use ids that are not UUIDs)
 * @param nodeUuid       uuid of the compute node it runs on, null if unmapped
 * @param watcherExclude excluded by the audit scope
 */
public record WatcherInstance(String uuid, String name, String state, int vcpus, long memoryMb, long diskGb,
                              boolean locked, boolean watcherExclude, String nodeUuid) {

    /** The pattern Watcher's migrate action requires of resource_id. */
    private static final Pattern NOVA_UUID =
            Pattern.compile("^[a-fA-F0-9]{8}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{4}-[a-fA-F0-9]{12}$");

    public WatcherInstance {
        name = name == null ? "" : name;
        state = state == null ? "active" : state;
    }

    /** Why this instance must stay where it is, or empty when PWB may move it (live migration needs ACTIVE). */
    public Optional<String> pinnedReason() {
        if (watcherExclude) {
            return Optional.of("excluded by the audit scope");
        }
        if (locked) {
            return Optional.of("locked");
        }
        if (!sizeKnown()) {
            // Fail safe: Nova did not say how big it is, so no destination can be checked to fit it.
            return Optional.of("flavor size unknown");
        }
        if (!NOVA_UUID.matcher(uuid).matches()) {
            return Optional.of("id is not a Nova server UUID, so Watcher's migrate action would reject it");
        }
        if (!"active".equalsIgnoreCase(state)) {
            return Optional.of("state " + state + " (only active instances are live-migrated)");
        }
        return Optional.empty();
    }

    /** Whether its flavor's vCPUs and memory are known (the collector reports 0 when Nova did not say). */
    public boolean sizeKnown() {
        return vcpus >= 1 && memoryMb >= 1;
    }

    /** The flavor as an engine VM size (vCPUs at {@link WatcherShadowBook#MHZ_PER_VCPU}; at least 1 vCPU, 1 byte). */
    public VmSize engineSize() {
        int v = Math.max(1, vcpus);
        return new VmSize(v, v * WatcherShadowBook.MHZ_PER_VCPU,
                (long) Math.max(1, memoryMb * WatcherShadowBook.BYTES_PER_MB));
    }
}
