package io.pwb.openstack.collector;

import java.time.Duration;

/** The result of one collection cycle: an inventory, or why not and when to try again. */
public sealed interface CollectionOutcome {

    record Collected(OpenStackInventory inventory, java.util.List<String> warnings) implements CollectionOutcome {
    }

    record Failed(String reason, Duration retryAfter) implements CollectionOutcome {
    }
}
