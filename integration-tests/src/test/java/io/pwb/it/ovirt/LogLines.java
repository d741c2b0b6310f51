package io.pwb.it.ovirt;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;

/** Collects the messages (and any exception) a java.util.logging logger writes at or above a level. */
final class LogLines extends Handler {
    private final Level least;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    LogLines(Level least) {
        this.least = least;
    }

    List<String> lines() {
        return lines;
    }

    @Override
    public void publish(LogRecord r) {
        if (r.getLevel().intValue() >= least.intValue()) {
            lines.add(r.getMessage() + (r.getThrown() == null ? "" : " " + r.getThrown()));
        }
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
