package org.perturber.core.registry;

/**
 * A perturbation's place in a benchmark suite of corruptions (such as ImageNet-C), declared in plugin.xml as a
 * {@code <corruption>} child of its {@code <perturbation>}: the suite's name for it, the parameter that takes the
 * suite's severities 1..{@code levels} (0 being the clean image), and whether the suite's mean (mCE) counts it. One
 * perturbation may take part more than once (brightness and contrast share one), each time with its own parameter.
 *
 * @param suite the suite's id, such as {@code imagenet-c}
 * @param name the suite's name for the corruption, such as {@code gaussian_noise} (unique in the suite)
 * @param label a name for people, such as "Gaussian noise"
 * @param group the suite's family, such as noise, blur, weather, digital or extra
 * @param perturbation the contributing perturbation's id
 * @param severity the id of the perturbation's numeric parameter that takes the severity
 * @param levels the severities the suite defines (1..levels)
 * @param inMean whether the suite's mean corruption error counts it (ImageNet-C's 15; not its 4 extra)
 * @param rank the suite's order (ascending), for tables and palettes
 * @param bundle the symbolic name of the declaring bundle
 */
public record SuiteCorruption(String suite, String name, String label, String group, String perturbation,
        String severity, int levels, boolean inMean, int rank, String bundle) {
    /** The suite Perturber's image corruptions belong to (Hendrycks and Dietterich, ICLR 2019). */
    public static final String IMAGENET_C = "imagenet-c";
}
