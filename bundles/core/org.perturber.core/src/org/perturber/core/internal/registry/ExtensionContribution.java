package org.perturber.core.internal.registry;

import java.util.Map;
import java.util.Optional;

import org.eclipse.core.runtime.CoreException;
import org.eclipse.core.runtime.IConfigurationElement;
import org.eclipse.core.runtime.ILog;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.perturber.core.registry.Contribution;
import org.perturber.core.registry.ContributionKind;
import org.perturber.core.registry.ContributionStatus;

/** A contribution read from one configuration element; creates its object once, isolating any failure. */
final class ExtensionContribution<T> implements Contribution<T> {
    private static final ILog LOG = ILog.of(ExtensionContribution.class);

    private final ContributionKind kind;
    private final Class<T> type;
    private final IConfigurationElement element;
    private final String id;
    private final String name;
    private final String bundle;
    private final String className;
    private final Map<String, String> attributes;

    private ContributionStatus status = ContributionStatus.NOT_LOADED;
    private String failure;
    private T instance;

    ExtensionContribution(ContributionKind kind, Class<T> type, IConfigurationElement element, String id,
            String name, String bundle, Map<String, String> attributes) {
        this.kind = kind;
        this.type = type;
        this.element = element;
        this.id = id;
        this.name = name;
        this.bundle = bundle;
        this.className = attributes.getOrDefault("class", "");
        this.attributes = Map.copyOf(attributes);
    }

    /** The declaration, for its child elements. */
    IConfigurationElement element() {
        return element;
    }

    /** Marks a contribution whose declaration is already unusable; it is listed but never created. */
    void failDeclaration(String reason) {
        fail(reason, null);
    }

    @Override
    public synchronized Optional<T> instance() {
        if (status == ContributionStatus.NOT_LOADED) {
            create();
        }
        return Optional.ofNullable(instance);
    }

    private void create() {
        try {
            Object created = element.createExecutableExtension("class");
            if (!type.isInstance(created)) {
                fail("class " + created.getClass().getName() + " does not implement " + type.getName(), null);
                return;
            }
            instance = type.cast(created);
            status = ContributionStatus.LOADED;
        } catch (CoreException e) {
            fail(rootMessage(e.getStatus().getException() != null ? e.getStatus().getException() : e), e);
        } catch (Throwable e) {
            // a plugin may throw anything from its constructor (an Error too) or fail to link; none of it may escape
            fail(rootMessage(e), e);
        }
    }

    private void fail(String reason, Throwable cause) {
        status = ContributionStatus.FAILED;
        failure = "Bundle " + bundle + ", " + kind.elementName() + " '" + id + "'"
                + (className.isEmpty() ? "" : " (" + className + ")") + ": " + reason;
        LOG.log(new Status(IStatus.ERROR, "org.perturber.core", failure, cause));
    }

    /** The innermost cause's message is what tells a plugin author what went wrong. */
    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        String what = root.getClass().getSimpleName();
        if (root instanceof ClassNotFoundException || root instanceof NoClassDefFoundError) {
            return "class not found: " + message;
        }
        return message == null || message.isBlank() ? what : what + ": " + message;
    }

    @Override
    public ContributionKind kind() {
        return kind;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String category() {
        return attributes.getOrDefault("category", "");
    }

    @Override
    public String description() {
        return attributes.getOrDefault("description", "");
    }

    @Override
    public String bundle() {
        return bundle;
    }

    @Override
    public String className() {
        return className;
    }

    @Override
    public Map<String, String> attributes() {
        return attributes;
    }

    @Override
    public synchronized ContributionStatus status() {
        return status;
    }

    @Override
    public synchronized Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public String toString() {
        return kind + " " + id + " from " + bundle + " [" + status() + "]";
    }
}
