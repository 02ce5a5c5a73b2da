package org.perturber.core.registry;

/** Where a contribution stands: declared but not yet created, created, or failed (with a reason). */
public enum ContributionStatus {
    NOT_LOADED, LOADED, FAILED
}
