package org.perturber.core.scene;

/** Argument checks shared by the scene values: a NaN or infinite number never enters a scene. */
final class Checks {
    private Checks() {
    }

    static double finite(String what, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException(what + " must be a finite number, got " + value);
        }
        return value;
    }

    static double atLeast(String what, double value, double min) {
        finite(what, value);
        if (value < min) {
            throw new IllegalArgumentException(what + " must be at least " + min + ", got " + value);
        }
        return value;
    }

    static <T> T present(String what, T value) {
        if (value == null) {
            throw new IllegalArgumentException(what + " is missing");
        }
        return value;
    }
}
