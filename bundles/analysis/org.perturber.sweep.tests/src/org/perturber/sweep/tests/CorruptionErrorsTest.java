package org.perturber.sweep.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturber.core.registry.SuiteCorruption;
import org.perturber.sweep.CorruptionErrors;

/**
 * Corruption errors from small known tables of top-1 errors, against values computed by hand, and the cases where a
 * value is undefined: an empty cell with its reason, never a NaN or a division by zero.
 */
class CorruptionErrorsTest {
    private static final double EPS = 1e-12;
    private static final List<Integer> SEVERITIES = List.of(1, 2, 3);

    private static SuiteCorruption corruption(String name, boolean inMean, int rank) {
        return new SuiteCorruption("test", name, name.toUpperCase(), inMean ? "noise" : "extra", "p." + name,
                "severity", 5, inMean, rank, "test.bundle");
    }

    private static final SuiteCorruption C1 = corruption("c1", true, 1);
    private static final SuiteCorruption C2 = corruption("c2", true, 2);
    private static final SuiteCorruption C3 = corruption("c3", false, 3);

    /**
     * Baseline A and model B, severities 1-3:
     *
     * <pre>
     *              clean  s1   s2   s3   sum
     * A  c1        0.1    0.2  0.3  0.5  1.0
     * A  c2               0.1  0.3  0.6  1.0
     * A  c3 extra         0.2  0.2  0.2  0.6
     * B  c1        0.2    0.3  0.4  0.5  1.2
     * B  c2               0.2  0.3  0.4  0.9
     * B  c3 extra         0.4  0.4  0.4  1.2
     * </pre>
     */
    private static CorruptionErrors.Errors table() {
        CorruptionErrors.Errors e = new CorruptionErrors.Errors().clean("A", 0.1).clean("B", 0.2);
        put(e, "A", "c1", 0.2, 0.3, 0.5);
        put(e, "A", "c2", 0.1, 0.3, 0.6);
        put(e, "A", "c3", 0.2, 0.2, 0.2);
        put(e, "B", "c1", 0.3, 0.4, 0.5);
        put(e, "B", "c2", 0.2, 0.3, 0.4);
        put(e, "B", "c3", 0.4, 0.4, 0.4);
        return e;
    }

    private static void put(CorruptionErrors.Errors e, String model, String corruption, double... errors) {
        for (int s = 0; s < errors.length; s++) {
            e.put(model, corruption, s + 1, errors[s]);
        }
    }

    private static CorruptionErrors compute(CorruptionErrors.Errors e) {
        return CorruptionErrors.compute(List.of("A", "B"), "A", List.of(C1, C2, C3), SEVERITIES, e);
    }

    /**
     * By hand, for B against baseline A:
     *
     * <pre>
     * CE(B, c1) = 1.2 / 1.0 = 1.2
     * CE(B, c2) = 0.9 / 1.0 = 0.9
     * CE(B, c3) = 1.2 / 0.6 = 2.0                              (extra)
     * relative CE(B, c1) = (1.2 - 3 x 0.2) / (1.0 - 3 x 0.1) = 0.6 / 0.7 = 6/7
     * relative CE(B, c2) = (0.9 - 3 x 0.2) / (1.0 - 3 x 0.1) = 0.3 / 0.7 = 3/7
     * relative CE(B, c3) = (1.2 - 3 x 0.2) / (0.6 - 3 x 0.1) = 0.6 / 0.3 = 2
     * mCE(B)          = (1.2 + 0.9) / 2 = 1.05                 (c1, c2: the corruptions in the mean)
     * relative mCE(B) = (6/7 + 3/7) / 2 = 9/14 = 0.642857...
     * extra mean CE(B) = 2.0                                   (c3 alone)
     * </pre>
     *
     * and the baseline's own are all 1.
     */
    @Test
    void mceAndRelativeMceEqualTheHandComputedValues() {
        CorruptionErrors ce = compute(table());
        assertEquals(1.2, ce.row("B", "c1").ce().value(), EPS);
        assertEquals(0.9, ce.row("B", "c2").ce().value(), EPS);
        assertEquals(2.0, ce.row("B", "c3").ce().value(), EPS);
        assertEquals(6.0 / 7, ce.row("B", "c1").relativeCe().value(), EPS);
        assertEquals(3.0 / 7, ce.row("B", "c2").relativeCe().value(), EPS);
        assertEquals(2.0, ce.row("B", "c3").relativeCe().value(), EPS);
        CorruptionErrors.Mean b = ce.mean("B");
        assertEquals(1.05, b.mce().value(), EPS);
        assertEquals(9.0 / 14, b.relativeMce().value(), EPS);
        assertEquals(2.0, b.extraMeanCe().value(), EPS, "the extra corruption is apart from the mean");
        assertEquals(0.2, b.clean().value(), EPS);
        assertEquals("2 of 2", b.countedText());
        assertEquals(List.of(), b.notes());
        CorruptionErrors.Mean a = ce.mean("A");
        for (CorruptionErrors.Value v : List.of(a.mce(), a.relativeMce(), a.extraMeanCe())) {
            assertEquals(1.0, v.value(), EPS, "the baseline against itself");
        }
    }

    @Test
    void theCsvTablesHoldTheColumnsAndTheValues(@TempDir Path dir) throws Exception {
        CorruptionErrors ce = compute(table());
        ce.write(dir);
        List<CSVRecord> rows = read(dir.resolve(CorruptionErrors.FILE));
        assertEquals(List.of("model", "corruption", "group", "in mean", "clean error", "error 1", "error 2", "error 3",
                "error 4", "error 5", "CE", "relative CE", "notes"), rows.get(0).toList());
        assertEquals(7, rows.size(), "header and 2 models x 3 corruptions");
        CSVRecord b3 = rows.get(6);
        assertEquals(List.of("B", "c3", "extra", "false", "0.2", "0.4", "0.4", "0.4", "", "", "2", "2"), b3.toList()
                .subList(0, 12));
        assertTrue(b3.get(12).contains("severities run: [1, 2, 3]"), "why errors 4 and 5 are empty: " + b3.get(12));
        List<CSVRecord> means = read(dir.resolve(CorruptionErrors.MEANS_FILE));
        assertEquals(List.of("model", "clean error", "mCE", "relative mCE", "extra mean CE", "corruptions counted",
                "notes"), means.get(0).toList());
        assertEquals(List.of("B", "0.2", "1.05", "0.642857", "2", "2 of 2", ""), means.get(2).toList());
        assertEquals(3, ce.table().size(), "a header and one line per model");
        assertTrue(ce.table().get(2).startsWith("B ") && ce.table().get(2).contains("105.0%") && ce.table().get(2)
                .contains("64.3%"), ce.table().get(2));
    }

    private static List<CSVRecord> read(Path file) throws Exception {
        try (Reader r = Files.newBufferedReader(file); CSVParser p = CSVFormat.DEFAULT.parse(r)) {
            return p.getRecords();
        }
    }

    @Test
    void aBaselineWithoutErrorsLeavesTheCeEmptyWithItsReason() {
        CorruptionErrors.Errors e = table();
        put(e, "A", "c2", 0, 0, 0);
        CorruptionErrors ce = compute(e);
        CorruptionErrors.Row row = ce.row("B", "c2");
        assertFalse(row.ce().defined());
        assertTrue(row.ce().reason().contains("error sum is 0"), row.ce().reason());
        assertFalse(row.relativeCe().defined(), "its divisor is negative too");
        assertEquals("", row.ce().cell());
        // the mean counts the corruption that has a CE, and says so
        CorruptionErrors.Mean b = ce.mean("B");
        assertEquals(1.2, b.mce().value(), EPS);
        assertEquals("1 of 2", b.countedText());
        assertTrue(b.notes().stream().anyMatch(n -> n.contains("mCE over 1 of 2") && n.contains("c2")), b.notes()
                .toString());
        assertTrue(ce.corruptionTable().stream().flatMap(List::stream).noneMatch(c -> c.contains("NaN") || c
                .contains("Infinity")), "no NaN or infinity in any cell");
    }

    @Test
    void aRelativeDivisorAtOrBelowZeroLeavesTheRelativeCeEmptyWithItsReason() {
        CorruptionErrors.Errors e = table();
        // A's errors under c1 are its clean error at every severity: the divisor is 0, CE itself is defined
        put(e, "A", "c1", 0.1, 0.1, 0.1);
        CorruptionErrors ce = compute(e);
        CorruptionErrors.Row row = ce.row("B", "c1");
        assertEquals(1.2 / 0.3, row.ce().value(), EPS);
        assertFalse(row.relativeCe().defined());
        assertTrue(row.relativeCe().reason().contains("not above its clean error"), row.relativeCe().reason());
        CorruptionErrors.Mean b = ce.mean("B");
        assertEquals(3.0 / 7, b.relativeMce().value(), EPS, "the relative mean over c2 alone");
        assertEquals((1.2 / 0.3 + 0.9) / 2, b.mce().value(), EPS, "the mCE still over both");
        assertTrue(b.notes().stream().anyMatch(n -> n.contains("relative mCE over 1 of 2")), b.notes().toString());
        // below zero too (the baseline better under the corruption than clean)
        put(e, "A", "c1", 0.05, 0.05, 0.05);
        assertFalse(compute(e).row("B", "c1").relativeCe().defined());
    }

    @Test
    void missingRowsLeaveEveryValueThatNeedsThemEmptyWithTheReason() {
        CorruptionErrors.Errors e = new CorruptionErrors.Errors().clean("A", 0.1).clean("B", 0.2);
        put(e, "A", "c1", 0.2, 0.3, 0.5);
        put(e, "B", "c1", 0.3, 0.4, 0.5);
        e.put("A", "c2", 1, 0.1).put("A", "c2", 2, 0.3); // severity 3 of A and all of B's c2 have no rows
        put(e, "A", "c3", 0.2, 0.2, 0.2);
        for (int s = 1; s <= 3; s++) {
            e.undefined("B", "c3", s, CorruptionErrors.MISSING + ": c3 did not run (class not found)");
        }
        CorruptionErrors ce = compute(e);
        CorruptionErrors.Row b2 = ce.row("B", "c2");
        assertFalse(b2.ce().defined());
        assertTrue(b2.ce().reason().contains("error of B at severities [1, 2, 3] undefined: no rows"), b2.ce()
                .reason());
        CorruptionErrors.Row a2 = ce.row("A", "c2");
        assertTrue(a2.ce().reason().contains("severity 3"), a2.ce().reason());
        CorruptionErrors.Row b3 = ce.row("B", "c3");
        assertTrue(b3.ce().reason().startsWith(CorruptionErrors.MISSING), b3.ce().reason());
        CorruptionErrors.Mean b = ce.mean("B");
        assertEquals(1.2, b.mce().value(), EPS, "c1 alone");
        assertFalse(b.extraMeanCe().defined());
        assertTrue(b.extraMeanCe().reason().contains("no extra corruption has a CE"), b.extraMeanCe().reason());
        List<String> b3Row = ce.corruptionTable().get(6);
        assertEquals("", b3Row.get(10), "CE cell");
        assertTrue(b3Row.get(12).startsWith(CorruptionErrors.MISSING), "the notes say missing first: " + b3Row.get(
                12));
    }

    @Test
    void noCorruptionWithACeLeavesTheMeansEmptyWithTheReason() {
        CorruptionErrors.Errors e = new CorruptionErrors.Errors().clean("A", 0.1).clean("B", 0.2);
        CorruptionErrors ce = compute(e);
        CorruptionErrors.Mean b = ce.mean("B");
        assertFalse(b.mce().defined());
        assertEquals("no corruption in the mean has a CE", b.mce().reason());
        assertFalse(b.relativeMce().defined());
        assertEquals("0 of 2", b.countedText());
        assertEquals(List.of("B", "0.2", "", "", "", "0 of 2"), ce.meanTable().get(2).subList(0, 6));
        assertTrue(ce.table().get(2).contains(" - "), "undefined means print as '-': " + ce.table().get(2));
    }

    @Test
    void aNanErrorOrAnUnknownBaselineIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new CorruptionErrors.Errors().put("A", "c1", 1,
                Double.NaN));
        assertThrows(IllegalArgumentException.class, () -> CorruptionErrors.compute(List.of("A", "B"), "C", List.of(
                C1), SEVERITIES, table()));
    }
}
