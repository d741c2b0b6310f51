package io.pwb.openstack.collector;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The compute API microversion PWB sends to Nova ({@code pwb.openstack.nova-microversion}) for every call. From
 * the minimum on, servers embed their flavor's sizes (2.47); from 2.64 a server group has one {@code policy}
 * instead of {@code policies}, and from 2.88 hypervisors no longer carry vcpus, memory_mb or local_gb (the
 * collector reads both forms, and capacity from Placement).
 */
public record NovaMicroversion(int minor) {

    /**
     * Hypervisor ids are the compute nodes' UUIDs, which are Placement's resource provider ids and Nova's paging
     * marker, only from 2.53; the collector needs both.
     */
    public static final int MINIMUM_MINOR = 53;

    private static final Pattern FORMAT = Pattern.compile("2\\.(0|[1-9][0-9]{0,3})");

    public NovaMicroversion {
        if (minor < MINIMUM_MINOR) {
            throw new IllegalArgumentException("pwb.openstack.nova-microversion must be at least 2." + MINIMUM_MINOR
                    + " (hypervisor ids that are Placement's resource providers), got 2." + minor);
        }
    }

    /** Parses {@code 2.<n>}; anything else is a configuration error that says what is expected. */
    public static NovaMicroversion parse(String text) {
        Matcher m = FORMAT.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("pwb.openstack.nova-microversion must look like 2.<n> (e.g. 2.56, "
                    + "Watcher's; 2." + MINIMUM_MINOR + " or later), got '" + text + "'");
        }
        return new NovaMicroversion(Integer.parseInt(m.group(1)));
    }

    @Override
    public String toString() {
        return "2." + minor;
    }
}
