package org.perturber.core.param;

/**
 * Describes one typed parameter of a contribution, enough for a UI to build a control and for a sweep to
 * enumerate values, without knowing the contribution. {@link #normalize(Object)} is the single place where a
 * raw value becomes a valid one: out-of-range numbers are clamped, a NaN or a wrong type is refused.
 */
public sealed interface ParameterDescriptor
        permits NumberParameter, IntegerParameter, ChoiceParameter, ColorParameter, BooleanParameter, FileParameter,
        ClassParameter {
    /** Stable identifier, used in stacks, sessions and sweep files. */
    String id();

    /** Human readable label. */
    String label();

    Object defaultValue();

    /**
     * Returns the valid value closest to {@code value}.
     *
     * @throws InvalidParameterException naming the parameter when the value cannot be made valid
     */
    Object normalize(Object value) throws InvalidParameterException;
}
