package io.pwb.engine.model;

/** What a metric series belongs to. */
public enum EntityKind {
    VM, HOST
}
