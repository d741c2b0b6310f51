package io.pwb.ovirt.xmlrpc;

import java.time.Duration;

/**
 * Bounds on what one request may cost the server: its size in bytes, the nesting depth of values, the number of
 * values, and the time spent parsing and answering it.
 */
public record XmlRpcLimits(int maxRequestBytes, int maxDepth, int maxValues, Duration timeLimit) {

    /** Enough for a cluster of several thousand hosts (an id is about 60 bytes on the wire). */
    public static final XmlRpcLimits DEFAULT = new XmlRpcLimits(4 * 1024 * 1024, 32, 200_000, Duration.ofSeconds(10));

    public XmlRpcLimits {
        if (maxRequestBytes <= 0 || maxDepth <= 0 || maxValues <= 0) {
            throw new IllegalArgumentException("XML-RPC limits must be positive");
        }
        if (timeLimit == null || timeLimit.isNegative() || timeLimit.isZero()) {
            throw new IllegalArgumentException("XML-RPC time limit must be positive");
        }
    }
}
