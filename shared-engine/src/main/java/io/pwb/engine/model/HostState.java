package io.pwb.engine.model;

/** Platform state of a host, in the platform-neutral vocabulary the adapters translate into. */
public enum HostState {
    UP,
    /** The platform is draining the host now: evacuate, place nothing on it. */
    PREPARING_FOR_MAINTENANCE,
    MAINTENANCE,
    NON_OPERATIONAL,
    DOWN;

    /** Only an UP host may receive VMs. */
    public boolean acceptsVms() {
        return this == UP;
    }
}
