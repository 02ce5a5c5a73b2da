package org.perturber.sweep;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.perturber.core.registry.SuiteCorruption;

/**
 * Corruption errors as in Hendrycks and Dietterich (ICLR 2019), normalised by a baseline model of the sweep instead
 * of AlexNet. With E(m, c, s) the top-1 error rate of model m over the objects and views under corruption c at
 * severity s, and E(m, clean) its error on the clean images:
 *
 * <pre>
 * CE(m, c)          = sum_s E(m, c, s) / sum_s E(base, c, s)
 * relative CE(m, c) = sum_s (E(m, c, s) - E(m, clean)) / sum_s (E(base, c, s) - E(base, clean))
 * mCE(m)            = mean of CE(m, c) over the suite's corruptions in the mean (ImageNet-C's 15)
 * relative mCE(m)   = mean of relative CE(m, c) over the same
 * extra mean CE(m)  = mean of CE(m, c) over the others (ImageNet-C's 4 extra), reported apart
 * </pre>
 *
 * The sums run over the severities the sweep ran. A value that cannot be computed is never a NaN or a division by
 * zero: it is {@linkplain Value#undefined undefined}, with the reason (a corruption that did not run, an error cell
 * with rows missing or skipped, a baseline whose error sum is 0, a relative denominator at or below 0). The means
 * count the corruptions whose value is defined, and say how many ({@link Mean#counted()}).
 */
public final class CorruptionErrors {
    /** Per model and corruption: errors per severity, CE and relative CE. */
    public static final String FILE = "corruption-errors.csv";
    /** Per model: clean error, mCE, relative mCE, extra mean CE. */
    public static final String MEANS_FILE = "mce.csv";
    /** What a note says first for a corruption that has no rows because it did not run. */
    public static final String MISSING = "missing";

    /** A number, or why there is none ({@code reason} non-null, {@code value} then meaningless). */
    public record Value(double value, String reason) {
        public static Value of(double value) {
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("not a finite number: " + value);
            }
            return new Value(value, null);
        }

        public static Value undefined(String reason) {
            return new Value(0, reason);
        }

        public boolean defined() {
            return reason == null;
        }

        /** The CSV cell: the number, or empty. */
        public String cell() {
            return defined() ? SweepRunner.format(value) : "";
        }

        /** As a percentage for people ("96.3%"), or "-". */
        public String percent() {
            return defined() ? String.format(Locale.ROOT, "%.1f%%", 100 * value) : "-";
        }
    }

    /**
     * Measured top-1 error rates: per model on the clean images, and per model, corruption and severity. A cell not
     * given is undefined ("no rows"); a cell given as undefined keeps its reason.
     */
    public static final class Errors {
        private final Map<String, Value> cells = new HashMap<>();

        private static String key(String model, String corruption, int severity) {
            return model + "\n" + corruption + "\n" + severity;
        }

        /** Sets a model's error on the clean images. */
        public Errors clean(String model, double error) {
            cells.put(key(model, SweepPlan.CLEAN, 0), Value.of(error));
            return this;
        }

        /** Sets a model's error under a corruption at a severity (1..levels). */
        public Errors put(String model, String corruption, int severity, double error) {
            cells.put(key(model, corruption, severity), Value.of(error));
            return this;
        }

        /** Marks a cell as undefined, with the reason. */
        public Errors undefined(String model, String corruption, int severity, String reason) {
            cells.put(key(model, corruption, severity), Value.undefined(reason));
            return this;
        }

        public Value clean(String model) {
            return at(model, SweepPlan.CLEAN, 0);
        }

        public Value at(String model, String corruption, int severity) {
            Value v = cells.get(key(model, corruption, severity));
            return v != null ? v : Value.undefined("no rows");
        }

        /**
         * The error rates in a corruption-suite sweep's samples.csv: 1 minus the mean of top1_correct over the rows
         * of each model, corruption and severity. A cell is defined only when all its objects x views rows are
         * there, each with a top-1 result and nothing skipped: an error over fewer images is not comparable with
         * the baseline's. A corruption that did not run is undefined with the reason it is missing.
         */
        public static Errors of(SweepSpec spec, List<CSVRecord> rows) {
            SweepSpec.Suite suite = spec.design().suite();
            int expected = spec.objects().size() * spec.views();
            record Count(int[] rows, int[] wrong, int[] unmeasured, int[] skipped, List<String> firstSkipped) {
            }
            Map<String, Count> counts = new LinkedHashMap<>();
            String top1 = Metric.of(Metric.Kind.TOP1).column();
            for (CSVRecord r : rows) {
                String k = key(r.get("model"), r.get(SweepPlan.CORRUPTION), Integer.parseInt(r.get(
                        SweepPlan.SEVERITY)));
                Count c = counts.computeIfAbsent(k, x -> new Count(new int[1], new int[1], new int[1], new int[1],
                        new ArrayList<>()));
                c.rows()[0]++;
                String skipped = r.isMapped(SweepRunner.SKIPPED) ? r.get(SweepRunner.SKIPPED) : "";
                if (!skipped.isEmpty()) {
                    c.skipped()[0]++;
                    if (c.firstSkipped().isEmpty()) {
                        c.firstSkipped().add(skipped);
                    }
                } else if (r.get(top1).isEmpty()) {
                    c.unmeasured()[0]++;
                } else if (Double.parseDouble(r.get(top1)) == 0) {
                    c.wrong()[0]++;
                }
            }
            Errors errors = new Errors();
            List<String> models = spec.models().stream().map(SweepSpec.SweepModel::id).toList();
            List<String[]> cells = new ArrayList<>();
            cells.add(new String[] { SweepPlan.CLEAN, "0" });
            for (SuiteCorruption c : suite.chosen()) {
                for (int s : suite.severities()) {
                    cells.add(new String[] { c.name(), Integer.toString(s) });
                }
            }
            Map<String, String> missing = new HashMap<>();
            suite.missing().forEach(m -> missing.put(m.corruption().name(), m.reason()));
            for (String model : models) {
                for (String[] cell : cells) {
                    int severity = Integer.parseInt(cell[1]);
                    String k = key(model, cell[0], severity);
                    Count c = counts.get(k);
                    if (missing.containsKey(cell[0])) {
                        errors.cells.put(k, Value.undefined(MISSING + ": " + cell[0] + " did not run (" + missing.get(
                                cell[0]) + ")"));
                    } else if (c == null) {
                        errors.cells.put(k, Value.undefined("no rows yet (the sweep has not reached them)"));
                    } else if (c.skipped()[0] > 0) {
                        errors.cells.put(k, Value.undefined(c.skipped()[0] + " of " + c.rows()[0] + " rows skipped "
                                + "something (" + c.firstSkipped().get(0) + ")"));
                    } else if (c.unmeasured()[0] > 0) {
                        errors.cells.put(k, Value.undefined(c.unmeasured()[0] + " of " + c.rows()[0] + " rows have "
                                + "no top-1 result (the model failed, or the class is not among its labels)"));
                    } else if (c.rows()[0] < expected) {
                        errors.cells.put(k, Value.undefined(c.rows()[0] + " of " + expected + " rows (the sweep has "
                                + "not finished them)"));
                    } else {
                        errors.cells.put(k, Value.of((double) c.wrong()[0] / c.rows()[0]));
                    }
                }
            }
            return errors;
        }
    }

    /**
     * One model and corruption.
     *
     * @param errors the error at each of {@link CorruptionErrors#severities()}, in that order
     */
    public record Row(String model, SuiteCorruption corruption, Value clean, List<Value> errors, Value ce,
            Value relativeCe) {
        /** The reasons of the undefined values, each once, in column order. */
        public List<String> notes() {
            Set<String> notes = new LinkedHashSet<>();
            if (!clean.defined()) {
                notes.add("clean error: " + clean.reason());
            }
            for (Value e : errors) {
                if (!e.defined()) {
                    notes.add(e.reason());
                }
            }
            if (!ce.defined()) {
                notes.add("CE: " + ce.reason());
            }
            if (!relativeCe.defined()) {
                notes.add("relative CE: " + relativeCe.reason());
            }
            return List.copyOf(notes);
        }
    }

    /**
     * One model's means.
     *
     * @param counted corruptions in the mean whose CE is defined (mCE averages them)
     * @param inMean corruptions in the mean the sweep chose (ImageNet-C: 15)
     * @param relativeCounted corruptions in the mean whose relative CE is defined
     * @param extraCounted extra corruptions whose CE is defined
     * @param extra extra corruptions the sweep chose (ImageNet-C: 4)
     */
    public record Mean(String model, Value clean, Value mce, Value relativeMce, Value extraMeanCe, int counted,
            int inMean, int relativeCounted, int extraCounted, int extra, List<String> notes) {
        /** "5 of 15". */
        public String countedText() {
            return counted + " of " + inMean;
        }
    }

    private final String baseline;
    private final List<Integer> severities;
    private final List<Row> rows;
    private final List<Mean> means;

    private CorruptionErrors(String baseline, List<Integer> severities, List<Row> rows, List<Mean> means) {
        this.baseline = baseline;
        this.severities = List.copyOf(severities);
        this.rows = List.copyOf(rows);
        this.means = List.copyOf(means);
    }

    /** The corruption errors of a corruption-suite sweep's rows (samples.csv). */
    public static CorruptionErrors of(SweepSpec spec, List<CSVRecord> rows) {
        SweepSpec.Suite suite = spec.design().suite();
        return compute(spec.models().stream().map(SweepSpec.SweepModel::id).toList(), suite.baseline(), suite
                .chosen(), suite.severities(), Errors.of(spec, rows));
    }

    /**
     * Corruption errors from a table of error rates.
     *
     * @param models the models, in the order of the tables
     * @param baseline the model the errors are normalised by (one of {@code models})
     * @param corruptions the corruptions, in the suite's order
     * @param severities the severities summed over
     */
    public static CorruptionErrors compute(List<String> models, String baseline, List<SuiteCorruption> corruptions,
            List<Integer> severities, Errors errors) {
        if (!models.contains(baseline)) {
            throw new IllegalArgumentException("baseline " + baseline + " is not among the models " + models);
        }
        List<Row> rows = new ArrayList<>();
        List<Mean> means = new ArrayList<>();
        for (String m : models) {
            List<Row> own = new ArrayList<>();
            for (SuiteCorruption c : corruptions) {
                own.add(row(m, baseline, c, severities, errors));
            }
            rows.addAll(own);
            means.add(mean(m, errors.clean(m), own));
        }
        return new CorruptionErrors(baseline, severities, rows, means);
    }

    private static Row row(String m, String base, SuiteCorruption c, List<Integer> severities, Errors errors) {
        List<Value> own = new ArrayList<>();
        List<Value> theirs = new ArrayList<>();
        for (int s : severities) {
            own.add(errors.at(m, c.name(), s));
            theirs.add(errors.at(base, c.name(), s));
        }
        Value clean = errors.clean(m);
        Value baseClean = errors.clean(base);
        String lacking = lacking(m, own, severities);
        String baseLacking = lacking(base, theirs, severities);
        Value ce;
        Value relative;
        if (lacking != null || baseLacking != null) {
            String why = lacking != null ? lacking : "the baseline's " + baseLacking;
            ce = Value.undefined(why);
            relative = Value.undefined(why);
        } else {
            double sum = 0;
            double baseSum = 0;
            for (int i = 0; i < severities.size(); i++) {
                sum += own.get(i).value();
                baseSum += theirs.get(i).value();
            }
            ce = baseSum == 0 ? Value.undefined("the baseline " + base + " makes no error under " + c.name()
                    + " at any severity run (its error sum is 0, the divisor)") : Value.of(sum / baseSum);
            if (!clean.defined() || !baseClean.defined()) {
                relative = Value.undefined((clean.defined() ? "the baseline's" : m + "'s") + " clean error is "
                        + "undefined: " + (clean.defined() ? baseClean : clean).reason());
            } else {
                double num = sum - severities.size() * clean.value();
                double den = baseSum - severities.size() * baseClean.value();
                relative = den <= 0 ? Value.undefined(String.format(Locale.ROOT, "the baseline %s's errors under %s "
                        + "are not above its clean error (the divisor, sum of E(%s, %s, s) - E(%s, clean), is %s)",
                        base, c.name(), base, c.name(), base, SweepRunner.format(den))) : Value.of(num / den);
            }
        }
        return new Row(m, c, clean, own, ce, relative);
    }

    /** Why some of a model's errors are undefined (the first reason and the severities concerned), or null. */
    private static String lacking(String model, List<Value> errors, List<Integer> severities) {
        List<Integer> at = new ArrayList<>();
        String reason = null;
        for (int i = 0; i < errors.size(); i++) {
            if (!errors.get(i).defined()) {
                at.add(severities.get(i));
                reason = reason == null ? errors.get(i).reason() : reason;
            }
        }
        if (reason == null) {
            return null;
        }
        String severity = at.size() == 1 ? "severity " + at.get(0) : "severities " + at;
        return reason.startsWith(MISSING) ? reason : "error of " + model + " at " + severity + " undefined: " + reason;
    }

    private static Mean mean(String m, Value clean, List<Row> own) {
        double ce = 0;
        double relative = 0;
        double extraCe = 0;
        int counted = 0;
        int inMean = 0;
        int relativeCounted = 0;
        int extraCounted = 0;
        int extra = 0;
        List<String> notMean = new ArrayList<>();
        List<String> notRelative = new ArrayList<>();
        List<String> notExtra = new ArrayList<>();
        for (Row r : own) {
            if (r.corruption().inMean()) {
                inMean++;
                if (r.ce().defined()) {
                    ce += r.ce().value();
                    counted++;
                } else {
                    notMean.add(r.corruption().name());
                }
                if (r.relativeCe().defined()) {
                    relative += r.relativeCe().value();
                    relativeCounted++;
                } else {
                    notRelative.add(r.corruption().name());
                }
            } else {
                extra++;
                if (r.ce().defined()) {
                    extraCe += r.ce().value();
                    extraCounted++;
                } else {
                    notExtra.add(r.corruption().name());
                }
            }
        }
        List<String> notes = new ArrayList<>();
        if (!clean.defined()) {
            notes.add("clean error: " + clean.reason());
        }
        Value mce = counted == 0 ? Value.undefined("no corruption in the mean has a CE") : Value.of(ce / counted);
        Value rel = relativeCounted == 0 ? Value.undefined("no corruption in the mean has a relative CE") : Value.of(
                relative / relativeCounted);
        Value ext = extraCounted == 0 ? Value.undefined(extra == 0 ? "no extra corruption chosen"
                : "no extra corruption has a CE") : Value.of(extraCe / extraCounted);
        for (Value v : List.of(mce, rel, ext)) {
            if (!v.defined()) {
                notes.add(v.reason());
            }
        }
        if (counted > 0 && !notMean.isEmpty()) {
            notes.add("mCE over " + counted + " of " + inMean + " corruptions, not comparable with a full mCE; "
                    + "without CE: " + String.join(", ", notMean));
        }
        if (relativeCounted > 0 && !notRelative.isEmpty() && !notRelative.equals(notMean)) {
            notes.add("relative mCE over " + relativeCounted + " of " + inMean + "; without relative CE: " + String
                    .join(", ", notRelative));
        }
        if (extraCounted > 0 && !notExtra.isEmpty()) {
            notes.add("extra mean CE over " + extraCounted + " of " + extra + "; without CE: " + String.join(", ",
                    notExtra));
        }
        return new Mean(m, clean, mce, rel, ext, counted, inMean, relativeCounted, extraCounted, extra, notes);
    }

    public String baseline() {
        return baseline;
    }

    public List<Integer> severities() {
        return severities;
    }

    /** Per model (in the sweep's order), per corruption (in the suite's order). */
    public List<Row> rows() {
        return rows;
    }

    /** Per model, in the sweep's order. */
    public List<Mean> means() {
        return means;
    }

    public Row row(String model, String corruption) {
        return rows.stream().filter(r -> r.model().equals(model) && r.corruption().name().equals(corruption))
                .findFirst().orElseThrow(() -> new IllegalArgumentException(model + " " + corruption));
    }

    public Mean mean(String model) {
        return means.stream().filter(m -> m.model().equals(model)).findFirst().orElseThrow(
                () -> new IllegalArgumentException(model));
    }

    /**
     * corruption-errors.csv's rows, header first: model, corruption, group, in mean, clean error, the error at
     * each severity 1..5 (empty for a severity the sweep did not run), CE, relative CE, notes (why a cell is empty).
     * Errors are rates (0..1); CE 1 is the baseline's (the paper's 100).
     */
    public List<List<String>> corruptionTable() {
        int levels = 5;
        for (Row r : rows) {
            levels = Math.max(levels, r.corruption().levels());
        }
        List<List<String>> out = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of("model", "corruption", "group", "in mean", "clean error"));
        for (int s = 1; s <= levels; s++) {
            header.add("error " + s);
        }
        header.addAll(List.of("CE", "relative CE", "notes"));
        out.add(header);
        for (Row r : rows) {
            List<String> row = new ArrayList<>(List.of(r.model(), r.corruption().name(), r.corruption().group(),
                    Boolean.toString(r.corruption().inMean()), r.clean().cell()));
            for (int s = 1; s <= levels; s++) {
                int at = severities.indexOf(s);
                row.add(at < 0 ? "" : r.errors().get(at).cell());
            }
            row.add(r.ce().cell());
            row.add(r.relativeCe().cell());
            List<String> notes = new ArrayList<>(r.notes());
            if (severities.size() < levels) {
                notes.add("severities run: " + severities);
            }
            row.add(String.join("; ", notes));
            out.add(row);
        }
        return out;
    }

    /**
     * mce.csv's rows, header first: model, clean error, mCE, relative mCE, extra mean CE, corruptions counted
     * ("5 of 15": those in the mean with a CE), notes.
     */
    public List<List<String>> meanTable() {
        List<List<String>> out = new ArrayList<>();
        out.add(List.of("model", "clean error", "mCE", "relative mCE", "extra mean CE", "corruptions counted",
                "notes"));
        for (Mean m : means) {
            out.add(List.of(m.model(), m.clean().cell(), m.mce().cell(), m.relativeMce().cell(), m.extraMeanCe()
                    .cell(), m.countedText(), String.join("; ", m.notes())));
        }
        return out;
    }

    /** Writes corruption-errors.csv and mce.csv into the folder (Commons CSV, as samples.csv). */
    public void write(Path dir) throws IOException {
        write(dir.resolve(FILE), corruptionTable());
        write(dir.resolve(MEANS_FILE), meanTable());
    }

    private static void write(Path file, List<List<String>> rows) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8); CSVPrinter p = new CSVPrinter(w,
                CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get())) {
            for (List<String> row : rows) {
                p.printRecord(row);
            }
        }
    }

    /**
     * The means for people: a header line, then one line per model (percentages; "-" where undefined, the reason in
     * mce.csv's notes).
     */
    public List<String> table() {
        List<String> lines = new ArrayList<>();
        int width = Math.max(5, means.stream().mapToInt(m -> m.model().length()).max().orElse(5));
        String format = "%-" + width + "s  %11s  %7s  %12s  %13s  %s";
        lines.add(String.format(Locale.ROOT, format, "model", "clean error", "mCE", "relative mCE", "extra mean CE",
                "counted (in the mean; extra)"));
        for (Mean m : means) {
            lines.add(String.format(Locale.ROOT, format, m.model(), m.clean().percent(), m.mce().percent(), m
                    .relativeMce().percent(), m.extraMeanCe().percent(), m.countedText() + "; " + m.extraCounted()
                            + " of " + m.extra()));
        }
        return lines;
    }
}
