package org.perturber.sweep;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * Each metric's mean per model per bin of each factor: levels for grid and one-at-a-time designs, ten equal bins
 * (by their centre) for numeric factors of a random design. What the plots show and summary.csv holds. For a flip
 * search, {@code flips} instead: per parameter, direction and model, the distribution of flip distances. For a
 * corruption suite, a table per corruption (its severities as levels, the clean images at 0) and the
 * {@code corruptionErrors} (null for the other designs).
 */
public record Summary(List<Table> tables, List<Flips> flips, CorruptionErrors corruptionErrors) {
    public static final String FILE = "summary.csv";
    private static final int RANDOM_BINS = 10;
    /** A flip-distance quantile that lies among the searches that found no flip within the range. */
    public static final String BEYOND_RANGE = "beyond range";

    public Summary {
        tables = List.copyOf(tables);
        flips = List.copyOf(flips);
    }

    /** A grid, one-at-a-time or random sweep's summary. */
    public Summary(List<Table> tables) {
        this(tables, List.of(), null);
    }

    /** A sweep's summary without corruption errors. */
    public Summary(List<Table> tables, List<Flips> flips) {
        this(tables, flips, null);
    }

    /**
     * A flip search's distances for one parameter, direction and model: the robustness margin (larger is more
     * robust) over the objects and views.
     *
     * @param distances the flip distances (fractions of the searched range) of the searches that found a flip,
     *            sorted
     * @param none searches that found no flip within the range: their distance is beyond the range's end
     * @param atLimit searches that started at this end of the range (nothing to search), not in {@link #n()}
     * @param failed searches that failed (a perturbation or the model), not in {@link #n()}
     */
    public record Flips(String parameter, String direction, String model, double[] distances, int none, int atLimit,
            int failed) {
        /** Searches that ran: with a flip or with none within the range. */
        public int n() {
            return distances.length + none;
        }

        /**
         * The q-quantile (linear between order statistics, as R's type 7) of the n searches' distances, those with
         * no flip within range ranked above every flip: NaN when n is 0, +infinity when it lies among them.
         */
        public double quantile(double q) {
            int n = n();
            if (n == 0) {
                return Double.NaN;
            }
            double h = (n - 1) * q;
            int lo = (int) Math.floor(h);
            int hi = (int) Math.ceil(h);
            double a = at(lo);
            double b = at(hi);
            return lo == hi || a == b ? a : a + (h - lo) * (b - a);
        }

        private double at(int rank) {
            return rank < distances.length ? distances[rank] : Double.POSITIVE_INFINITY;
        }
    }

    /** One factor and one metric: x values, and per model the mean and count in each bin (NaN when empty). */
    public record Table(String factor, Metric metric, List<String> bins, double[] x, boolean numeric,
            Map<String, double[]> means, Map<String, int[]> counts) {
    }

    /** The summary of what the spec's samples.csv holds now (also while the sweep runs). */
    public static Summary of(SweepSpec spec) throws IOException {
        return of(spec, SweepResults.read(spec.output().resolve(SweepResults.SAMPLES)));
    }

    public static Summary of(SweepSpec spec, List<CSVRecord> rows) {
        if (spec.design().type() == SweepSpec.Design.Type.FLIP_SEARCH) {
            return new Summary(List.of(), flips(spec, rows));
        }
        if (spec.design().type() == SweepSpec.Design.Type.CORRUPTION_SUITE) {
            return new Summary(suiteTables(spec, rows), List.of(), CorruptionErrors.of(spec, rows));
        }
        List<Table> tables = new ArrayList<>();
        boolean random = spec.design().type() == SweepSpec.Design.Type.RANDOM;
        List<String> models = spec.models().stream().map(SweepSpec.SweepModel::id).toList();
        for (SweepSpec.Factor factor : spec.factors()) {
            String column = factor.column();
            // bins: key (sorted) -> label
            TreeMap<Double, String> numericBins = new TreeMap<>();
            Map<String, String> textBins = new LinkedHashMap<>();
            boolean binned = random && factor.range() && factor.to() > factor.from();
            if (binned) {
                double width = (factor.to() - factor.from()) / RANDOM_BINS;
                for (int b = 0; b < RANDOM_BINS; b++) {
                    double centre = factor.from() + (b + 0.5) * width;
                    numericBins.put(centre, SweepRunner.format(centre));
                }
            } else {
                for (Object level : factor.levels()) {
                    String label = SweepRunner.format(level);
                    if (factor.numeric()) {
                        numericBins.put(((Number) level).doubleValue(), label);
                    } else {
                        textBins.put(label, label);
                    }
                }
            }
            List<String> labels = new ArrayList<>(factor.numeric() ? numericBins.values() : textBins.values());
            double[] x = factor.numeric() ? numericBins.keySet().stream().mapToDouble(Double::doubleValue).toArray()
                    : new double[labels.size()];
            for (Metric metric : spec.metrics()) {
                Bins bins = new Bins(models, labels.size());
                for (CSVRecord row : rows) {
                    String raw = row.get(column);
                    String value = row.get(metric.column());
                    if (raw.isEmpty() || value.isEmpty() || !bins.has(row.get("model"))) {
                        continue;
                    }
                    int bin;
                    if (binned) {
                        double v = Double.parseDouble(raw);
                        bin = (int) Math.min(RANDOM_BINS - 1, Math.max(0, Math.floor((v - factor.from())
                                / (factor.to() - factor.from()) * RANDOM_BINS)));
                    } else {
                        bin = labels.indexOf(factor.numeric() ? SweepRunner.format(Double.parseDouble(raw)) : raw);
                    }
                    if (bin < 0) {
                        continue;
                    }
                    bins.add(row.get("model"), bin, Double.parseDouble(value));
                }
                tables.add(new Table(column, metric, labels, x, factor.numeric(), bins.means(), bins.counts));
            }
        }
        return new Summary(tables);
    }

    /** A metric's sums and counts per model and bin, for a table's means (NaN where a bin is empty). */
    private static final class Bins {
        private final Map<String, double[]> sums = new LinkedHashMap<>();
        private final Map<String, int[]> counts = new LinkedHashMap<>();

        Bins(List<String> models, int size) {
            for (String m : models) {
                sums.put(m, new double[size]);
                counts.put(m, new int[size]);
            }
        }

        boolean has(String model) {
            return sums.containsKey(model);
        }

        void add(String model, int bin, double value) {
            sums.get(model)[bin] += value;
            counts.get(model)[bin]++;
        }

        Map<String, double[]> means() {
            Map<String, double[]> means = new LinkedHashMap<>();
            sums.forEach((m, sum) -> {
                double[] mean = new double[sum.length];
                for (int b = 0; b < mean.length; b++) {
                    mean[b] = counts.get(m)[b] == 0 ? Double.NaN : sum[b] / counts.get(m)[b];
                }
                means.put(m, mean);
            });
            return means;
        }
    }

    /**
     * A corruption suite's tables: for each corruption that ran and each metric, the mean per model at severity 0
     * (the clean images, shared by every corruption) and at each severity run.
     */
    private static List<Table> suiteTables(SweepSpec spec, List<CSVRecord> rows) {
        SweepSpec.Suite suite = spec.design().suite();
        List<String> models = spec.models().stream().map(SweepSpec.SweepModel::id).toList();
        List<Integer> levels = new ArrayList<>(List.of(0));
        levels.addAll(suite.severities());
        List<String> labels = levels.stream().map(String::valueOf).toList();
        double[] x = levels.stream().mapToDouble(Integer::doubleValue).toArray();
        List<Table> tables = new ArrayList<>();
        for (var c : suite.corruptions()) {
            for (Metric metric : spec.metrics()) {
                Bins bins = new Bins(models, levels.size());
                for (CSVRecord row : rows) {
                    String corruption = row.get(SweepPlan.CORRUPTION);
                    String value = row.get(metric.column());
                    if (!(corruption.equals(c.name()) || corruption.equals(SweepPlan.CLEAN)) || value.isEmpty()
                            || !bins.has(row.get("model"))) {
                        continue;
                    }
                    int bin = levels.indexOf(Integer.parseInt(row.get(SweepPlan.SEVERITY)));
                    if (bin < 0) {
                        continue;
                    }
                    bins.add(row.get("model"), bin, Double.parseDouble(value));
                }
                tables.add(new Table(c.name(), metric, labels, x, true, bins.means(), bins.counts));
            }
        }
        return tables;
    }

    /** Per parameter (in the spec's order), direction (down, up) and model (in the spec's order). */
    private static List<Flips> flips(SweepSpec spec, List<CSVRecord> rows) {
        List<Flips> out = new ArrayList<>();
        for (SweepSpec.Factor f : spec.factors()) {
            for (String direction : List.of("down", "up")) {
                for (SweepSpec.SweepModel model : spec.models()) {
                    List<Double> distances = new ArrayList<>();
                    int none = 0;
                    int atLimit = 0;
                    int failed = 0;
                    for (CSVRecord r : rows) {
                        if (!r.get("parameter").equals(f.column()) || !r.get("direction").equals(direction) || !r
                                .get("model").equals(model.id())) {
                            continue;
                        }
                        switch (r.get("outcome")) {
                        case FlipSweepRunner.FLIP -> distances.add(Double.parseDouble(r.get("distance")));
                        case FlipSweepRunner.NONE -> none++;
                        case FlipSweepRunner.AT_LIMIT -> atLimit++;
                        default -> failed++;
                        }
                    }
                    out.add(new Flips(f.column(), direction, model.id(), distances.stream().mapToDouble(
                            Double::doubleValue).sorted().toArray(), none, atLimit, failed));
                }
            }
        }
        return out;
    }

    /** summary.csv: factor, bin, model, n, then one column per metric. */
    public void write(Path file, List<Metric> metrics) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8); CSVPrinter p = new CSVPrinter(w,
                CSVFormat.DEFAULT.builder().setRecordSeparator('\n').get())) {
            for (List<String> row : rows(metrics)) {
                p.printRecord(row);
            }
        }
    }

    /**
     * The rows of summary.csv, its header first: factor, bin, model, n, then each metric's mean (empty where a bin
     * has no sample). The workbench shows them as a table.
     */
    public List<List<String>> rows(List<Metric> metrics) {
        if (!flips.isEmpty()) {
            return flipRows();
        }
        List<List<String>> rows = new ArrayList<>();
        // a corruption suite's tables are per corruption, their levels the severities
        List<String> header = new ArrayList<>(corruptionErrors != null ? List.of(SweepPlan.CORRUPTION,
                SweepPlan.SEVERITY, "model", "n") : List.of("factor", "bin", "model", "n"));
        metrics.forEach(m -> header.add(m.column()));
        rows.add(header);
        Map<String, List<Table>> byFactor = new LinkedHashMap<>();
        for (Table t : tables) {
            byFactor.computeIfAbsent(t.factor(), k -> new ArrayList<>()).add(t);
        }
        for (Map.Entry<String, List<Table>> e : byFactor.entrySet()) {
            Table first = e.getValue().get(0);
            for (int b = 0; b < first.bins().size(); b++) {
                for (String model : first.means().keySet()) {
                    List<String> row = new ArrayList<>(List.of(e.getKey(), first.bins().get(b), model, Integer
                            .toString(first.counts().get(model)[b])));
                    for (Metric m : metrics) {
                        Table t = e.getValue().stream().filter(x -> x.metric().equals(m)).findFirst().orElseThrow();
                        double v = t.means().get(model)[b];
                        row.add(Double.isNaN(v) ? "" : SweepRunner.format(v));
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    /**
     * A flip search's summary.csv: parameter, direction, model, n (searches that ran), flips, none within range,
     * then the flip distance's min, quartiles and median (as fractions of the searched range; {@value #BEYOND_RANGE}
     * where the quantile lies among searches with no flip within the range), then the searches that started at the
     * range's end and those that failed (not in n).
     */
    private List<List<String>> flipRows() {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("parameter", "direction", "model", "n", "flips", "none within range", "min", "q1", "median",
                "q3", "at limit", "failed"));
        for (Flips f : flips) {
            List<String> row = new ArrayList<>(List.of(f.parameter(), f.direction(), f.model(), Integer.toString(f
                    .n()), Integer.toString(f.distances().length), Integer.toString(f.none())));
            for (double q : new double[] { 0, 0.25, 0.5, 0.75 }) {
                double v = f.quantile(q);
                row.add(Double.isNaN(v) ? "" : Double.isInfinite(v) ? BEYOND_RANGE : SweepRunner.format(v));
            }
            row.add(Integer.toString(f.atLimit()));
            row.add(Integer.toString(f.failed()));
            rows.add(row);
        }
        return rows;
    }
}
