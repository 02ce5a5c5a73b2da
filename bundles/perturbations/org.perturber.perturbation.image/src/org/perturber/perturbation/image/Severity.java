package org.perturber.perturbation.image;

import org.perturber.core.param.IntegerParameter;
import org.perturber.core.param.ParameterValues;

/** ImageNet-C's five severities for a corruption: 0 means "use the continuous parameter instead". */
final class Severity {
    private Severity() {
    }

    static IntegerParameter parameter(String instead) {
        return new IntegerParameter("severity", "ImageNet-C severity (0: use the " + instead + ")", "", 0, 5, 0);
    }

    /** The table's value for the chosen severity, or {@code continuous} when none is chosen. */
    static double pick(ParameterValues v, IntegerParameter severity, double[] table, double continuous) {
        int level = v.getInt(severity.id());
        return level > 0 ? table[level - 1] : continuous;
    }
}
