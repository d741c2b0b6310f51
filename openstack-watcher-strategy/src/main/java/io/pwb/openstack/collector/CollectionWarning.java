package io.pwb.openstack.collector;

import java.util.Collection;
import java.util.Set;

/**
 * Something a collection cycle skipped, with the servers or nodes it is about, so that a warning repeated by every
 * cycle is told apart from one whose affected set changed (see {@link RepeatedWarnings}).
 *
 * @param topic    what kind of problem, the same every cycle (for a warning without subjects: its whole message)
 * @param subjects the servers or nodes affected, all of them (the message names only the first few)
 * @param message  the warning as logged and shown
 */
public record CollectionWarning(String topic, Set<String> subjects, String message) {

    public CollectionWarning {
        subjects = Set.copyOf(subjects);
    }

    /** A warning about the servers or nodes {@code subjects}. */
    public static CollectionWarning about(String topic, Collection<String> subjects, String message) {
        return new CollectionWarning(topic, Set.copyOf(subjects), message);
    }

    /** A warning that names what it is about in its message alone: a new message is a new warning. */
    public static CollectionWarning of(String message) {
        return new CollectionWarning(message, Set.of(), message);
    }
}
