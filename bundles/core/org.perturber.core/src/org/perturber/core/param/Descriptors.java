package org.perturber.core.param;

/** Checks shared by the descriptor records. */
final class Descriptors {
    private Descriptors() {
    }

    static void requireIdAndLabel(String id, String label) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("parameter without id");
        }
        if (label == null || label.isBlank()) {
            throw new IllegalArgumentException("parameter " + id + " without label");
        }
    }

    static String describe(Object value) {
        return value == null ? "nothing" : "'" + value + "' (" + value.getClass().getSimpleName() + ")";
    }
}
