package io.pwb.engine.model;

/** Construction-time validation shared by the model records. */
final class Checks {
    private Checks() {
    }

    static String id(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
        return value;
    }

    static double fraction(String what, double v) {
        if (!Double.isFinite(v) || v <= 0 || v > 1) {
            throw new IllegalArgumentException(what + " must be in (0, 1], got " + v);
        }
        return v;
    }

    static double nonNegative(String what, double v) {
        if (!Double.isFinite(v) || v < 0) {
            throw new IllegalArgumentException(what + " must be finite and non-negative, got " + v);
        }
        return v;
    }

    static double positive(String what, double v) {
        if (!Double.isFinite(v) || v <= 0) {
            throw new IllegalArgumentException(what + " must be finite and positive, got " + v);
        }
        return v;
    }
}
