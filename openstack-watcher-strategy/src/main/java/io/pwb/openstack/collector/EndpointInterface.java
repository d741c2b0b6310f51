package io.pwb.openstack.collector;

import org.openstack4j.api.types.Facing;

import java.util.Locale;

/** Which of a service's Keystone catalog endpoints the collector calls ({@code pwb.openstack.interface}). */
public enum EndpointInterface {
    PUBLIC, INTERNAL, ADMIN;

    /** {@code public}, {@code internal} or {@code admin}, case-insensitive; anything else is a configuration error. */
    public static EndpointInterface fromKey(String key) {
        String k = key == null ? "" : key.strip().toLowerCase(Locale.ROOT);
        return switch (k) {
            case "public" -> PUBLIC;
            case "internal" -> INTERNAL;
            case "admin" -> ADMIN;
            default -> throw new IllegalArgumentException(
                    "pwb.openstack.interface must be public, internal or admin, got '" + key + "'");
        };
    }

    /** OpenStack4j's name for it, which picks the endpoints OpenStack4j calls. */
    public Facing facing() {
        return switch (this) {
            case PUBLIC -> Facing.PUBLIC;
            case INTERNAL -> Facing.INTERNAL;
            case ADMIN -> Facing.ADMIN;
        };
    }

    /** As the catalog spells it. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
