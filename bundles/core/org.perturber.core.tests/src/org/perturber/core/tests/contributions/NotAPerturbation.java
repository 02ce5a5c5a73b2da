package org.perturber.core.tests.contributions;

/** Declared as a perturbation but implements nothing of the kind. */
public class NotAPerturbation {
}
