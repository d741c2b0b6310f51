package io.pwb.engine.planning;

/** How urgently the platform should act on a decision. */
public enum Priority {
    NORMAL,
    HIGH
}
