package org.perturber.core.param;

import java.util.List;

/** One value out of a fixed list of choices. */
public record ChoiceParameter(String id, String label, List<Choice> choices, String defaultValue)
        implements ParameterDescriptor {
    /** One choice: the stored value and its label. */
    public record Choice(String value, String label) {
    }

    public ChoiceParameter {
        Descriptors.requireIdAndLabel(id, label);
        choices = List.copyOf(choices);
        if (choices.isEmpty()) {
            throw new IllegalArgumentException("parameter " + id + ": no choices");
        }
        String d = defaultValue;
        if (choices.stream().noneMatch(c -> c.value().equals(d))) {
            throw new IllegalArgumentException("parameter " + id + ": default '" + d + "' is not a choice");
        }
    }

    /** Choices whose labels equal their values. */
    public static ChoiceParameter of(String id, String label, String defaultValue, String... values) {
        return new ChoiceParameter(id, label, java.util.Arrays.stream(values).map(v -> new Choice(v, v)).toList(),
                defaultValue);
    }

    @Override
    public String normalize(Object value) {
        String s = value == null ? null : value.toString();
        if (choices.stream().noneMatch(c -> c.value().equals(s))) {
            throw new InvalidParameterException(this, "'" + s + "' is not one of "
                    + choices.stream().map(Choice::value).toList());
        }
        return s;
    }
}
