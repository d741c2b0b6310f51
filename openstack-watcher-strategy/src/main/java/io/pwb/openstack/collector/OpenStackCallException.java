package io.pwb.openstack.collector;

/** An HTTP call to an OpenStack service answered with an error status (0 = no answer at all). */
final class OpenStackCallException extends RuntimeException {

    private final int status;

    OpenStackCallException(String message, int status) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
