/**
 * Test support for labs' perturbation bundles, shipped in the Perturber SDK: {@link LabScenes} (the standard scene
 * of each built-in object, rendered as Perturber renders it), {@link PixelMeasures} (what changed, how much, whether
 * an image is one a model can take), {@link PerturbationRun} (a contributed perturbation applied through the same
 * stack code the workbench and sweeps use, its problems reported rather than thrown) and {@link BuiltinModel} (the
 * built-in {@code standard} network, embedded in this bundle, to see what a perturbation does to a prediction).
 * Everything here waits for Perturber's OSGi services, so it runs inside Equinox (tycho-surefire), never on a plain
 * class path.
 */
package org.perturber.testsupport;
