package io.pwb.openstack.os4j;

import org.openstack4j.api.exceptions.ConnectionException;

/**
 * No answer from an OpenStack URL (connection refused, timeout, TLS handshake failure): OpenStack4j's
 * ConnectionException (status 0), with the URL kept apart so that callers can word their own message.
 */
public final class UnreachableException extends ConnectionException {

    private final String url;

    UnreachableException(String url, String problem, Throwable cause) {
        super(url + ": " + problem, 0, cause);
        this.url = url;
    }

    /** Scheme, authority and path; never the query. */
    public String url() {
        return url;
    }

    /** The problem alone, without the URL. */
    public String problem() {
        return getMessage().substring(url.length() + 2);
    }
}
