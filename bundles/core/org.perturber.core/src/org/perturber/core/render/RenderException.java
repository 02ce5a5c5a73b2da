package org.perturber.core.render;

/** A scene that could not be rendered; the message says why. */
public class RenderException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RenderException(String message) {
        super(message);
    }

    public RenderException(String message, Throwable cause) {
        super(message, cause);
    }
}
