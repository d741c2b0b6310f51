package io.pwb.engine.model;

/** A weighted, undirected edge between two VMs that would rather run on the same host. */
public record Dependency(String vmA, String vmB, double weight, DependencyKind kind) {
    public Dependency {
        vmA = Checks.id("dependency VM", vmA);
        vmB = Checks.id("dependency VM", vmB);
        if (vmA.equals(vmB)) {
            throw new IllegalArgumentException("a dependency needs two different VMs, got " + vmA + " twice");
        }
        Checks.positive("dependency weight " + vmA + "-" + vmB, weight);
        kind = kind == null ? DependencyKind.DECLARED : kind;
    }
}
