package io.pwb.engine.model;

/** Where a dependency edge between two VMs comes from. */
public enum DependencyKind {
    /** Declared by an operator or an application map. */
    DECLARED,
    /** From a positive (non-enforcing) affinity group or an OpenStack soft-affinity server group. */
    AFFINITY_GROUP,
    /** From observed network traffic between the two VMs. */
    TRAFFIC
}
