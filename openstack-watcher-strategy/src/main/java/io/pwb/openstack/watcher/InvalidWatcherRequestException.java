package io.pwb.openstack.watcher;

import java.util.List;

/** The plugin sent a model PWB cannot plan on; every problem is listed. */
public final class InvalidWatcherRequestException extends RuntimeException {

    private final List<String> problems;

    public InvalidWatcherRequestException(List<String> problems) {
        super("invalid Watcher model: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
