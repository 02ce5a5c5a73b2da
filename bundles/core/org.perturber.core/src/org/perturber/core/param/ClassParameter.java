package org.perturber.core.param;

import java.util.List;

/**
 * A class of the model a perturbation is made against, chosen by its label (such as an attack's target); empty means
 * none. Labels belong to models, not to the contribution, so any name is valid here and {@link #resolve} finds it
 * among the model's labels when the perturbation is applied. A whole number, as sessions stored a target before it
 * was chosen by name, is kept as its digits and read as an index; a negative one (the old "none") becomes empty.
 */
public record ClassParameter(String id, String label, String defaultValue) implements ParameterDescriptor {
    public ClassParameter {
        Descriptors.requireIdAndLabel(id, label);
        defaultValue = defaultValue == null ? "" : defaultValue.strip();
    }

    @Override
    public String normalize(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Number n) {
            double v = n.doubleValue();
            if (!Double.isFinite(v) || v != Math.rint(v)) {
                throw new InvalidParameterException(this, "expected a class name or index, got "
                        + Descriptors.describe(value));
            }
            return v < 0 ? "" : Long.toString((long) v);
        }
        if (value instanceof String s) {
            return s.strip();
        }
        throw new InvalidParameterException(this, "expected a class name, got " + Descriptors.describe(value));
    }

    /**
     * The index of a value among a model's labels: -1 for none (empty), the label's index, or for digits that are
     * no label the index they spell (old sessions).
     *
     * @throws InvalidParameterException when the model has no such class
     */
    public int resolve(String value, List<String> labels) {
        String v = value == null ? "" : value.strip();
        if (v.isEmpty()) {
            return -1;
        }
        int index = labels.indexOf(v);
        if (index >= 0) {
            return index;
        }
        if (v.matches("\\d{1,9}") && Integer.parseInt(v) < labels.size()) {
            return Integer.parseInt(v);
        }
        throw new InvalidParameterException(this, "'" + v + "' is not a class of this model (" + labels.size()
                + " classes: " + String.join(", ", labels.subList(0, Math.min(8, labels.size()))) + (labels.size() > 8
                        ? ", ..." : "") + ")");
    }
}
