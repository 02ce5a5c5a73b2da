package org.perturber.flipsearch;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.perturber.core.geometry.Angles;
import org.perturber.core.param.IntegerParameter;
import org.perturber.core.param.NumberParameter;
import org.perturber.core.param.ParameterDescriptor;
import org.perturber.core.perturbation.Perturbation;
import org.perturber.core.perturbation.PerturbationStack;
import org.perturber.core.perturbation.StackEntry;
import org.perturber.core.perturbation.Stage;
import org.perturber.core.registry.Contribution;
import org.perturber.core.registry.ContributionRegistry;

/**
 * One numeric parameter a flip search moves: which perturbation and parameter, which stack entry holds it (-1: the
 * perturbation is not in the stack and is added at its defaults), the range searched and the value searched from.
 *
 * @param label what a person reads ("Camera: elevation")
 * @param whole an integer parameter: only whole values are tried, and the tolerance is at least 1
 * @param periodic an angle over one full turn: each direction goes half a turn, wrapping around, so that the smallest
 *            change is found whichever way round it lies
 */
public record FlipParameter(String perturbation, String parameter, String label, String unit, int entry, double min,
        double max, double current, boolean whole, boolean periodic) {
    public FlipParameter {
        if (!(min <= max) || !Double.isFinite(min) || !Double.isFinite(max)) {
            throw new IllegalArgumentException("parameter " + parameter + ": invalid range [" + min + ", " + max + "]");
        }
        if (!(current >= min && current <= max)) {
            throw new IllegalArgumentException("parameter " + parameter + ": current value " + current
                    + " outside the range [" + min + ", " + max + "]");
        }
        unit = unit == null ? "" : unit;
    }

    /** The width of the range: distances are given as fractions of it. */
    public double range() {
        return max - min;
    }

    /** How far the search may go from the current value in a direction (half a turn each way for an angle). */
    public double extent(Direction direction) {
        if (periodic) {
            return range() / 2;
        }
        return direction == Direction.UP ? max - current : current - min;
    }

    /** The value at an offset from the current one in a direction (wrapped round for an angle, whole when whole). */
    public double valueAt(Direction direction, double offset) {
        double v = current + (direction == Direction.UP ? offset : -offset);
        if (periodic && (v < min || v > max)) {
            v = Angles.wrap(v, min);
        }
        v = Math.max(min, Math.min(max, v));
        return whole ? Math.round(v) : v;
    }

    /** The stack with this parameter at a value: on its entry, or on a new entry of its perturbation at defaults. */
    public PerturbationStack apply(PerturbationStack stack, double value) {
        Object v = value;
        if (entry >= 0) {
            return stack.set(entry, stack.entries().get(entry).with(parameter, v));
        }
        return stack.add(StackEntry.of(perturbation).with(parameter, v));
    }

    /** The same parameter searched over another range (a sweep's "from" and "to"); no longer wraps round. */
    public FlipParameter withRange(double from, double to) {
        double lo = Math.min(from, to);
        double hi = Math.max(from, to);
        return new FlipParameter(perturbation, parameter, label, unit, entry, lo, hi, Math.max(lo, Math.min(hi,
                current)), whole, periodic && lo == min && hi == max);
    }

    /** A short key for tables and CSV columns: the perturbation's last id segment and the parameter. */
    public String column() {
        return perturbation.substring(perturbation.lastIndexOf('.') + 1) + "." + parameter;
    }

    /** A value as shown: the unit, whole numbers without decimals. */
    public String format(double value) {
        String number = whole || value == Math.rint(value) ? Long.toString(Math.round(value)) : String.format(
                Locale.ROOT, "%.4g", value);
        return unit.isEmpty() ? number : number + " " + unit;
    }

    /**
     * The numeric parameters of the stack's enabled entries, in stack order, then (when {@code unstacked}) those of
     * every registered scene and image perturbation that is not in the stack, at its defaults. Attacks not in the
     * stack are left out: each of their samples is a whole attack. Parameters whose range is a single value, and
     * perturbations that are unknown or broken, are left out, and so are random seeds.
     */
    public static List<FlipParameter> of(PerturbationStack stack, ContributionRegistry registry, boolean unstacked) {
        List<FlipParameter> out = new ArrayList<>();
        List<String> inStack = new ArrayList<>();
        for (int e = 0; e < stack.entries().size(); e++) {
            StackEntry entry = stack.entries().get(e);
            inStack.add(entry.perturbation());
            if (!entry.enabled()) {
                continue;
            }
            Contribution<Perturbation> c = registry.perturbation(entry.perturbation()).orElse(null);
            Perturbation p = c == null ? null : c.instance().orElse(null);
            if (p != null) {
                add(out, c, p, e, entry);
            }
        }
        if (unstacked) {
            for (Contribution<Perturbation> c : registry.perturbations()) {
                Perturbation p = inStack.contains(c.id()) ? null : c.instance().orElse(null);
                if (p != null && p.stage() != Stage.MODEL_AWARE) {
                    add(out, c, p, -1, StackEntry.of(c.id()));
                }
            }
        }
        return out;
    }

    private static void add(List<FlipParameter> out, Contribution<Perturbation> c, Perturbation p, int entry,
            StackEntry values) {
        List<ParameterDescriptor> parameters;
        try {
            parameters = p.parameters();
        } catch (RuntimeException | LinkageError e) {
            return; // a broken contribution: the stack reports it where it is applied
        }
        for (ParameterDescriptor d : parameters) {
            FlipParameter f = of(c, d, entry, values.values().get(d.id()));
            if (f != null) {
                out.add(f);
            }
        }
    }

    /**
     * One descriptor as a searchable parameter at its value in the entry (its default when not set), or null when it
     * is not one: not a number, a range of one value, or a random seed (another seed is another draw, not a larger
     * change: there is no "smallest" one).
     */
    public static FlipParameter of(Contribution<Perturbation> c, ParameterDescriptor d, int entry, Object value) {
        if (d.id().equalsIgnoreCase("seed")) {
            return null;
        }
        String label = c.name() + ": " + d.label();
        try {
            if (d instanceof NumberParameter n && n.max() > n.min()) {
                double v = value == null ? n.defaultValue() : n.normalize(value);
                return new FlipParameter(c.id(), n.id(), label, n.unit(), entry, n.min(), n.max(), v, false, n
                        .periodic());
            }
            if (d instanceof IntegerParameter i && i.max() > i.min()) {
                double v = value == null ? i.defaultValue() : i.normalize(value);
                return new FlipParameter(c.id(), i.id(), label, i.unit(), entry, i.min(), i.max(), v, true, false);
            }
        } catch (RuntimeException e) {
            return null; // a value the parameter refuses: the stack reports it where it is applied
        }
        return null;
    }

    /** Which way from the current value. */
    public enum Direction {
        DOWN("−"), UP("+");

        private final String sign;

        Direction(String sign) {
            this.sign = sign;
        }

        /** "−" or "+", for tables. */
        public String sign() {
            return sign;
        }
    }
}
