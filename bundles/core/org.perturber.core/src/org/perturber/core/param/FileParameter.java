package org.perturber.core.param;

import java.util.List;
import java.util.Locale;

/**
 * A file path, such as a background image; empty means none. Only the name's extension is checked here (the
 * contribution reports a missing or unreadable file when it uses it): parameter values must stay cheap to check.
 */
public record FileParameter(String id, String label, List<String> extensions, String defaultValue)
        implements ParameterDescriptor {
    public FileParameter {
        Descriptors.requireIdAndLabel(id, label);
        extensions = List.copyOf(extensions);
        defaultValue = defaultValue == null ? "" : defaultValue;
    }

    @Override
    public String normalize(Object value) {
        String path = value == null ? "" : value.toString().strip();
        if (path.isEmpty() || extensions.isEmpty()) {
            return path;
        }
        String lower = path.toLowerCase(Locale.ROOT);
        if (extensions.stream().noneMatch(e -> lower.endsWith("." + e))) {
            throw new InvalidParameterException(this, "'" + path + "' is not one of " + extensions);
        }
        return path;
    }
}
