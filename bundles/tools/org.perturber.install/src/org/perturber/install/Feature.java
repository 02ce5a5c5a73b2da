package org.perturber.install;

/**
 * A feature found in a repository or installed beyond the product.
 *
 * @param id      the feature's id (without p2's ".feature.group")
 * @param version its version
 * @param name    its name, or the id when it has none
 * @param source  where it came from: the repository it was installed from, "dropins", or "" when unknown
 */
public record Feature(String id, String version, String name, String source) {
    static final String GROUP_SUFFIX = ".feature.group";

    /** The feature id for a p2 feature group id (and an id given either way). */
    static String featureId(String id) {
        return id.endsWith(GROUP_SUFFIX) ? id.substring(0, id.length() - GROUP_SUFFIX.length()) : id;
    }
}
