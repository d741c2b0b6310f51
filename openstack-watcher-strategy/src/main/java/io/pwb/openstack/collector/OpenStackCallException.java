package io.pwb.openstack.collector;

/** An HTTP call to an OpenStack service or Prometheus failed (status 0 = no answer at all). */
final class OpenStackCallException extends RuntimeException {

    private final int status;
    private final boolean keystoneToken;

    OpenStackCallException(String message, int status) {
        this(message, status, true);
    }

    /** @param keystoneToken whether the call carried the Keystone token (a 401 then asks for a fresh login) */
    OpenStackCallException(String message, int status, boolean keystoneToken) {
        super(message);
        this.status = status;
        this.keystoneToken = keystoneToken;
    }

    int status() {
        return status;
    }

    /** Keystone's token was refused: logging in again may help. */
    boolean keystoneTokenRejected() {
        return status == 401 && keystoneToken;
    }
}
