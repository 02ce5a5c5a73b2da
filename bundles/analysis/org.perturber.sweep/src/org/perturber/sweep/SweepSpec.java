package org.perturber.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.perturber.core.perturbation.PerturbationStack;
import org.perturber.core.registry.SuiteCorruption;
import org.perturber.core.scene.MeshRef;
import org.perturber.core.scene.Scene;

/**
 * A sweep, as read from its JSON file (see {@link SweepSpecReader} and the examples in releng/sweeps) or built from
 * a workbench session (see {@link SessionSweeps}): which objects seen from how many views, which models, a base
 * perturbation stack, the factors to vary and how (the design), the metrics, where results go.
 *
 * @param text the file's text (or a session sweep's canonical description), kept so that results can be traced to
 *            it and resumed only by the same spec
 * @param scene the scene every sample starts from (a session's camera, lighting, background and objects), its
 *            views turning its camera; {@code objects} then holds just its subject, for the CSV and the true class.
 *            Null for spec files: each object is shown in the standard scene
 */
public record SweepSpec(String name, String description, long seed, List<SweepObject> objects, int views,
        List<SweepModel> models, PerturbationStack stack, List<Factor> factors, Design design, List<Metric> metrics,
        Path output, String text, Scene scene) {
    /** The most levels a factor may have. */
    public static final int MAX_STEPS = 10_000;
    /** The most views per object. */
    public static final int MAX_VIEWS = 360;
    /**
     * The most rows a sweep may plan (points x objects x views x models): ten million rows are days of rendering
     * and a samples.csv the summary still reads in memory.
     */
    public static final long MAX_PLANNED_ROWS = 10_000_000L;

    /**
     * Rows the sweep's design would write, computed without overflow.
     *
     * @throws ArithmeticException when the count does not fit in a long (far beyond {@link #MAX_PLANNED_ROWS})
     */
    public long plannedRows() {
        long points = switch (design.type()) {
        case GRID -> {
            long p = 1;
            for (Factor f : factors) {
                p = Math.multiplyExact(p, f.levels().size());
            }
            yield p;
        }
        case ONE_AT_A_TIME -> factors.stream().mapToLong(f -> f.levels().size()).reduce(0, Math::addExact);
        case RANDOM -> design.samples();
        // one row per searched parameter and direction
        case FLIP_SEARCH -> Math.multiplyExact(2L, factors.size());
        // the clean image once, then every corruption that loaded at every severity
        case CORRUPTION_SUITE -> Math.addExact(1L, Math.multiplyExact((long) design.suite().corruptions().size(),
                design.suite().severities().size()));
        };
        return Math.multiplyExact(Math.multiplyExact(Math.multiplyExact(points, objects.size()), views), models
                .size());
    }

    /**
     * What is wrong with the plan's size, or null when it is within {@link #MAX_PLANNED_ROWS}: every way a sweep is
     * made (a spec file, a session, the workbench's Sweep button) asks this before anything is built or written.
     */
    public String planSizeProblem() {
        long rows;
        try {
            rows = plannedRows();
        } catch (ArithmeticException e) {
            rows = Long.MAX_VALUE;
        }
        boolean flips = design.type() == Design.Type.FLIP_SEARCH;
        String what = flips ? "parameters x 2 directions x objects x views x models" : design.type()
                == Design.Type.CORRUPTION_SUITE ? "(1 clean + corruptions x severities) x objects x views x models"
                        : "points x objects x views x models";
        if (rows > MAX_PLANNED_ROWS) {
            return "the plan has " + (rows == Long.MAX_VALUE ? "more rows than can be counted" : rows + " rows")
                    + " (" + what + "); the cap is " + MAX_PLANNED_ROWS + " (SweepSpec.MAX_PLANNED_ROWS)";
        }
        if (flips) {
            // each row of a flip search is a scan and a bisection: held to the images a grid sweep may make
            long images;
            try {
                images = Math.multiplyExact(rows, design.imagesPerDirection());
            } catch (ArithmeticException e) {
                images = Long.MAX_VALUE;
            }
            if (images > MAX_PLANNED_ROWS) {
                return "the flip search would send about " + (images == Long.MAX_VALUE ? "more images than can be "
                        + "counted" : images + " images") + " through the models (" + rows + " rows of " + what
                        + ", each about " + design.imagesPerDirection() + " images with " + design.scanPoints()
                        + " scan points and tolerance " + design.tolerance() + "); the cap is " + MAX_PLANNED_ROWS
                        + " (SweepSpec.MAX_PLANNED_ROWS)";
            }
        }
        return null;
    }

    /** The same sweep writing elsewhere. */
    public SweepSpec withOutput(Path dir) {
        return new SweepSpec(name, description, seed, objects, views, models, stack, factors, design, metrics, dir,
                text, scene);
    }

    /** An object to render: a built-in class or a mesh file, and the class a model should see in it. */
    public record SweepObject(String name, MeshRef mesh, String label) {
    }

    /** A model: a folder with model.json, named by its id in models/ or by its path. */
    public record SweepModel(String id, Path directory) {
    }

    /**
     * A varied parameter of one perturbation: numeric levels from {@code from} to {@code to} in {@code steps}
     * ({@code range}: a random design draws anywhere in between), or the listed {@code values} (any type the
     * parameter takes; {@code numeric} when all are numbers).
     */
    public record Factor(String perturbation, String parameter, List<Object> levels, double from, double to,
            boolean numeric, boolean range) {
        /**
         * Numeric levels from {@code from} to {@code to} in {@code steps}, rounded for whole-number parameters, each
         * level once.
         */
        public static Factor range(String perturbation, String parameter, double from, double to, int steps,
                boolean whole) {
            Set<Object> levels = new LinkedHashSet<>();
            for (int i = 0; i < steps; i++) {
                double v = steps == 1 ? from : from + (to - from) * i / (steps - 1);
                levels.add(whole ? (double) Math.round(v) : v);
            }
            return new Factor(perturbation, parameter, List.copyOf(levels), Math.min(from, to), Math.max(from, to),
                    true, true);
        }

        /** The CSV column: the perturbation's last id segment and the parameter. */
        public String column() {
            return perturbation.substring(perturbation.lastIndexOf('.') + 1) + "." + parameter;
        }
    }

    /**
     * How factor levels combine into sample points; or, for {@link Type#FLIP_SEARCH}, how hard the search looks; or,
     * for {@link Type#CORRUPTION_SUITE}, which suite's corruptions run at which severities.
     *
     * @param scanPoints a flip search's coarse scan over a parameter's whole range (see FlipSettings)
     * @param tolerance a flip search's bisection tolerance, a fraction of the range
     * @param suite a corruption-suite design's corruptions, severities and baseline; null for the other designs
     */
    public record Design(Type type, int samples, int scanPoints, double tolerance, Suite suite) {
        /** A flip search's default scan points (FlipSettings.DEFAULT's). */
        public static final int SCAN_POINTS = 32;
        /** A flip search's default tolerance (FlipSettings.DEFAULT's). */
        public static final double TOLERANCE = 1e-3;

        /** A grid, one-at-a-time or random design. */
        public Design(Type type, int samples) {
            this(type, samples, SCAN_POINTS, TOLERANCE, null);
        }

        /** A flip search (or any design but the corruption suite) with its search settings. */
        public Design(Type type, int samples, int scanPoints, double tolerance) {
            this(type, samples, scanPoints, tolerance, null);
        }

        /** A corruption-suite design. */
        public static Design corruptionSuite(Suite suite) {
            return new Design(Type.CORRUPTION_SUITE, 0, SCAN_POINTS, TOLERANCE, suite);
        }

        /**
         * About the images one direction of one parameter sends through a model: half the scan (a direction's share
         * from a start inside the range) and the bisection down to the tolerance, plus one round.
         */
        public long imagesPerDirection() {
            long bisection = (long) Math.ceil(Math.log(1 / (scanPoints * tolerance)) / Math.log(2)) + 1;
            return (scanPoints + 1) / 2 + Math.max(1, bisection);
        }

        public enum Type {
            /** every combination of every factor's levels */
            GRID,
            /** {@code samples} points, each factor drawn uniformly (seeded) */
            RANDOM,
            /** each factor through its levels while the others stay at their defaults */
            ONE_AT_A_TIME,
            /**
             * for every object, view and model, the smallest change of each factor (within its from/to) in each
             * direction that changes the model's top-1 class, searched from the base stack's value
             */
            FLIP_SEARCH,
            /**
             * for every object, view and model, the clean image (severity 0) and every corruption of a benchmark
             * suite (such as ImageNet-C) at every severity; the corruption errors per model follow from the rows
             * (see {@link CorruptionErrors})
             */
            CORRUPTION_SUITE
        }
    }

    /**
     * What a corruption-suite design runs: the suite's corruptions chosen by the spec, in the suite's order, those
     * whose perturbation loaded ({@code corruptions}) and those that did not ({@code missing}: they get no rows and
     * their corruption errors read "missing"), the severities (each 1..the suite's levels) and the model the
     * corruption errors are normalised by.
     *
     * @param seeded names of the corruptions whose perturbation takes a {@code seed} (set to the spec's seed)
     */
    public record Suite(String name, String baseline, List<SuiteCorruption> corruptions, List<Integer> severities,
            Set<String> seeded, List<Missing> missing) {
        public Suite {
            corruptions = List.copyOf(corruptions);
            severities = List.copyOf(severities);
            seeded = Set.copyOf(seeded);
            missing = List.copyOf(missing);
        }

        /** Every corruption the spec chose, run or missing, in the suite's order. */
        public List<SuiteCorruption> chosen() {
            List<SuiteCorruption> all = new ArrayList<>(corruptions);
            missing.forEach(m -> all.add(m.corruption()));
            all.sort(Comparator.comparingInt(SuiteCorruption::rank).thenComparing(SuiteCorruption::name));
            return List.copyOf(all);
        }

        /** The corruption of that name among those that run, or null. */
        public SuiteCorruption corruption(String name) {
            return corruptions.stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
        }
    }

    /**
     * A chosen corruption that cannot run (its perturbation failed to load, or lacks the declared severity
     * parameter), and why: one problem line naming the corruption and its bundle.
     */
    public record Missing(SuiteCorruption corruption, String reason) {
        /** The line a sweep reports for it. */
        public String problem() {
            return "corruption " + corruption.name() + " (perturbation " + corruption.perturbation() + ", bundle "
                    + corruption.bundle() + "): " + reason + "; it gets no rows and its corruption errors read "
                    + "\"missing\"";
        }
    }
}
