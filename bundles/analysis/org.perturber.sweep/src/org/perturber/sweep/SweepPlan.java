package org.perturber.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.perturber.core.perturbation.PerturbationStack;
import org.perturber.core.perturbation.StackEntry;
import org.perturber.core.registry.SuiteCorruption;

/**
 * The samples of a sweep, in a fixed order: for each design point, each object, each view. Sample {@code i} is
 * always the same, so that results are reproducible and a resumed run knows where it stopped. A corruption-suite
 * design's points are the clean image ({@value #CLEAN}, severity 0) and then each corruption that runs at each of
 * its severities, in the suite's order; their values are the corruption's name and the severity.
 */
public final class SweepPlan {
    /** One design point: a value per factor (in the spec's factor order); null for "left at its default". */
    public record Point(int index, List<Object> values) {
    }

    /** One sample: a point, an object and a view. */
    public record Sample(int index, Point point, int object, int view) {
    }

    /** The corruption column's word for the clean image (severity 0) of a corruption-suite design. */
    public static final String CLEAN = "clean";
    /** A corruption-suite design's two point columns. */
    public static final String CORRUPTION = "corruption";
    public static final String SEVERITY = "severity";

    private final SweepSpec spec;
    private final List<Point> points;

    public SweepPlan(SweepSpec spec) {
        this.spec = spec;
        this.points = points(spec);
    }

    public List<Point> points() {
        return points;
    }

    public int size() {
        return points.size() * spec.objects().size() * spec.views();
    }

    public Sample sample(int i) {
        int perPoint = spec.objects().size() * spec.views();
        int within = i % perPoint;
        return new Sample(i, points.get(i / perPoint), within / spec.views(), within % spec.views());
    }

    /**
     * The base stack with the point's values set: on the stack's entry of that perturbation, or a new entry. For a
     * corruption-suite design, the base stack with the point's corruption added last (its severity parameter at the
     * point's severity, its seed at the spec's seed), or the base stack alone for the clean image.
     */
    public PerturbationStack stackFor(Point point) {
        PerturbationStack stack = spec.stack();
        SweepSpec.Suite suite = spec.design().suite();
        if (suite != null) {
            int severity = ((Number) point.values().get(1)).intValue();
            if (severity == 0) {
                return stack;
            }
            SuiteCorruption c = suite.corruption((String) point.values().get(0));
            StackEntry entry = StackEntry.of(c.perturbation()).with(c.severity(), (double) severity);
            if (suite.seeded().contains(c.name())) {
                // the reader checked that the spec's seed lies in the parameter's range
                entry = entry.with(SweepSpecReader.SEED, (int) spec.seed());
            }
            return stack.add(entry);
        }
        for (int f = 0; f < spec.factors().size(); f++) {
            Object value = point.values().get(f);
            if (value == null) {
                continue;
            }
            SweepSpec.Factor factor = spec.factors().get(f);
            int at = -1;
            for (int e = 0; e < stack.entries().size(); e++) {
                if (stack.entries().get(e).perturbation().equals(factor.perturbation())) {
                    at = e;
                }
            }
            stack = at < 0 ? stack.add(StackEntry.of(factor.perturbation()).with(factor.parameter(), value))
                    : stack.set(at, stack.entries().get(at).with(factor.parameter(), value));
        }
        return stack;
    }

    private static List<Point> points(SweepSpec spec) {
        List<SweepSpec.Factor> factors = spec.factors();
        List<Point> points = new ArrayList<>();
        switch (spec.design().type()) {
        case GRID -> {
            int[] at = new int[factors.size()];
            while (true) {
                List<Object> values = new ArrayList<>();
                for (int f = 0; f < factors.size(); f++) {
                    values.add(factors.get(f).levels().get(at[f]));
                }
                points.add(new Point(points.size(), values));
                int f = factors.size() - 1;
                while (f >= 0 && ++at[f] == factors.get(f).levels().size()) {
                    at[f--] = 0;
                }
                if (f < 0) {
                    break;
                }
            }
        }
        case ONE_AT_A_TIME -> {
            for (int f = 0; f < factors.size(); f++) {
                for (Object level : factors.get(f).levels()) {
                    List<Object> values = new ArrayList<>();
                    for (int g = 0; g < factors.size(); g++) {
                        values.add(g == f ? level : null);
                    }
                    points.add(new Point(points.size(), values));
                }
            }
        }
        case CORRUPTION_SUITE -> {
            SweepSpec.Suite suite = spec.design().suite();
            points.add(new Point(0, List.of(CLEAN, 0)));
            for (SuiteCorruption c : suite.corruptions()) {
                for (int severity : suite.severities()) {
                    points.add(new Point(points.size(), List.of(c.name(), severity)));
                }
            }
        }
        case FLIP_SEARCH -> {
            // one point, every factor at the base stack's value: each object and view is searched from there
            List<Object> values = new ArrayList<>();
            factors.forEach(f -> values.add(null));
            points.add(new Point(0, values));
        }
        case RANDOM -> {
            SplittableRandom r = new SplittableRandom(spec.seed());
            for (int i = 0; i < spec.design().samples(); i++) {
                List<Object> values = new ArrayList<>();
                for (SweepSpec.Factor f : factors) {
                    values.add(f.range() && f.from() < f.to()
                            ? (Object) (f.from() + (f.to() - f.from()) * r.nextDouble())
                            : f.levels().get(r.nextInt(f.levels().size())));
                }
                points.add(new Point(i, values));
            }
        }
        }
        return List.copyOf(points);
    }

    /**
     * The columns a point's values go in: each factor's, or a corruption-suite design's corruption and severity.
     */
    public List<String> pointColumns() {
        if (spec.design().type() == SweepSpec.Design.Type.CORRUPTION_SUITE) {
            return List.of(CORRUPTION, SEVERITY);
        }
        return spec.factors().stream().map(SweepSpec.Factor::column).toList();
    }

    /** The point's values by factor column, for CSV rows (empty for factors left at their default). */
    public Map<String, Object> columns(Point point) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (spec.design().type() == SweepSpec.Design.Type.CORRUPTION_SUITE) {
            m.put(CORRUPTION, point.values().get(0));
            m.put(SEVERITY, point.values().get(1));
            return m;
        }
        for (int f = 0; f < spec.factors().size(); f++) {
            m.put(spec.factors().get(f).column(), point.values().get(f));
        }
        return m;
    }
}
