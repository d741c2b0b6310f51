package io.pwb.service.ingest;

/** A sample that cannot be accepted; the message says why (it goes to the dead-letter topic or a 400). */
public class InvalidSampleException extends RuntimeException {
    public InvalidSampleException(String reason) {
        super(reason);
    }
}
