package io.pwb.ovirt.xmlrpc;

import java.util.List;

/**
 * A parsed {@code methodCall}. Parameter values are plain Java objects: {@link String}, {@link Integer},
 * {@link Long} (ex:i8), {@link Boolean}, {@link Double}, {@link List} (array), {@link java.util.Map}
 * (struct, insertion order kept) and {@code null} ({@code ex:nil}).
 */
public record XmlRpcRequest(String methodName, List<Object> params) {

    public XmlRpcRequest {
        params = java.util.Collections.unmodifiableList(new java.util.ArrayList<>(params));
    }
}
