package org.perturber.core.registry;

import java.util.Map;
import java.util.Optional;

/**
 * One declared contribution to an extension point. Its object is created lazily, once, on the first call of
 * {@link #instance()}; if that fails the contribution is marked {@link ContributionStatus#FAILED} with the reason
 * and the contributing bundle, and callers simply get nothing: one broken plugin never takes the others down.
 *
 * @param <T> the type contributions of this kind implement
 */
public interface Contribution<T> {
    ContributionKind kind();

    /** The id declared in plugin.xml. */
    String id();

    String name();

    /** Grouping in menus and lists (for example "camera" or "image"); empty when not declared. */
    String category();

    String description();

    /** Symbolic name of the bundle that declared the contribution. */
    String bundle();

    /** The fully qualified class name declared. */
    String className();

    /** Any further attribute declared in plugin.xml, by name. */
    Map<String, String> attributes();

    ContributionStatus status();

    /** Why the contribution failed, naming its bundle; empty unless {@link #status()} is FAILED. */
    Optional<String> failure();

    /** Creates the object on first use; empty if the contribution is broken. Thread-safe. */
    Optional<T> instance();
}
