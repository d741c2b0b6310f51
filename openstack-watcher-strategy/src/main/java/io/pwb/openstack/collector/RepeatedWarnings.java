package io.pwb.openstack.collector;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Sorts each cycle's warnings into those worth an operator's attention (new, or about a different set of servers or
 * nodes than the previous cycle's) and repeats: a cloud with a down cell would otherwise log the same lines every
 * poll interval. A warning that stops appearing is forgotten, so it is reported again if it comes back.
 */
public final class RepeatedWarnings {

    /** Per topic, the subjects the previous cycle reported. */
    private final Map<String, Set<String>> previous = new HashMap<>();

    /** Hands each warning of a cycle to {@code changed} or {@code repeated}; cycles come one at a time. */
    public synchronized void report(List<CollectionWarning> warnings, Consumer<String> changed,
                                    Consumer<String> repeated) {
        Map<String, Set<String>> now = new HashMap<>();
        for (CollectionWarning w : warnings) {
            now.put(w.topic(), w.subjects());
            (w.subjects().equals(previous.get(w.topic())) ? repeated : changed).accept(w.message());
        }
        previous.clear();
        previous.putAll(now);
    }
}
