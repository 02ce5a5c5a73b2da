package org.perturber.flipsearch;

/**
 * How hard a flip search looks.
 *
 * @param scanPoints points of the coarse scan over a parameter's whole range (a direction gets its share): a flip
 *            narrower than range/scanPoints can be missed, one wider is found
 * @param tolerance the bisection stops when the bracket is this fraction of the range wide (at least 1 for whole
 *            numbers): the reported flip value flips, and the value this much closer to the start does not
 * @param jointEvaluations the joint search's budget of forward passes for CMA-ES (the refinement along the ray
 *            comes on top: about log2(1/tolerance) passes)
 * @param seed the joint search's random seed: the same seed gives the same result
 * @param refinePoints points scanned inside the first flipping bracket, in one batch, before bisecting inside the
 *            first of those that flips (0: bisect the scan's bracket directly). Decision boundaries of real models are
 *            ragged at fine scales (the class alternates over a few degrees of a camera angle, measured): bisection
 *            alone finds a crossing in the bracket, the finer scan makes it more often the first one
 */
public record FlipSettings(int scanPoints, double tolerance, int jointEvaluations, long seed, int refinePoints) {
    /** 32 scan points, 1/1000 of the range, 300 joint evaluations, seed 1, no refining scan. */
    public static final FlipSettings DEFAULT = new FlipSettings(32, 1e-3, 300, 1, 0);
    /** The most scan points: beyond, a dense scan is the better tool. */
    public static final int MAX_SCAN_POINTS = 4096;

    public FlipSettings {
        if (scanPoints < 2 || scanPoints > MAX_SCAN_POINTS) {
            throw new IllegalArgumentException("scan points must be 2 to " + MAX_SCAN_POINTS + ", got " + scanPoints);
        }
        if (!(tolerance > 0 && tolerance < 1)) {
            throw new IllegalArgumentException("tolerance must be a fraction of the range in (0, 1), got "
                    + tolerance);
        }
        if (refinePoints < 0 || refinePoints > MAX_SCAN_POINTS) {
            throw new IllegalArgumentException("refine points must be 0 to " + MAX_SCAN_POINTS + ", got "
                    + refinePoints);
        }
        if (jointEvaluations < 10) {
            throw new IllegalArgumentException("the joint search needs at least 10 evaluations, got "
                    + jointEvaluations);
        }
    }

    public FlipSettings(int scanPoints, double tolerance, int jointEvaluations, long seed) {
        this(scanPoints, tolerance, jointEvaluations, seed, 0);
    }

    public FlipSettings withScanPoints(int points) {
        return new FlipSettings(points, tolerance, jointEvaluations, seed, refinePoints);
    }

    public FlipSettings withTolerance(double t) {
        return new FlipSettings(scanPoints, t, jointEvaluations, seed, refinePoints);
    }

    public FlipSettings withSeed(long s) {
        return new FlipSettings(scanPoints, tolerance, jointEvaluations, s, refinePoints);
    }

    public FlipSettings withJointEvaluations(int n) {
        return new FlipSettings(scanPoints, tolerance, n, seed, refinePoints);
    }

    public FlipSettings withRefinePoints(int n) {
        return new FlipSettings(scanPoints, tolerance, jointEvaluations, seed, n);
    }
}
