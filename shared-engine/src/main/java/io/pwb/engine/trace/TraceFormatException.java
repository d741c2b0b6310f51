package io.pwb.engine.trace;

/** A trace that cannot be read, with the file and line that made it so. */
public class TraceFormatException extends RuntimeException {
    public TraceFormatException(String message) {
        super(message);
    }

    public TraceFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
