package org.perturber.core.param;

/** A parameter value that cannot be used; the message names the parameter and the problem. */
public class InvalidParameterException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidParameterException(ParameterDescriptor parameter, String problem) {
        super("Parameter '" + parameter.label() + "' (" + parameter.id() + "): " + problem);
    }
}
