package org.perturber.bench;

import java.util.Arrays;
import java.util.Locale;

/**
 * Collects samples and prints them in the project's one-line format:
 * {@code BENCH <name> median_ms=<m> p95_ms=<p> floor_ms=<f> ratio=<m/f> n=<samples>}.
 */
public final class Timings {
    private final double[] samples;
    private int count;

    public Timings(int capacity) {
        samples = new double[capacity];
    }

    /** Times {@code warmup} unrecorded and then {@code n} recorded runs of {@code work}. */
    public static Timings measure(int warmup, int n, Runnable work) {
        for (int i = 0; i < warmup; i++) {
            work.run();
        }
        Timings t = new Timings(n);
        for (int i = 0; i < n; i++) {
            long start = System.nanoTime();
            work.run();
            t.add((System.nanoTime() - start) / 1e6);
        }
        return t;
    }

    public void add(double millis) {
        samples[count++] = millis;
    }

    public double median() {
        return percentile(50);
    }

    public double p95() {
        return percentile(95);
    }

    private double percentile(double p) {
        double[] sorted = Arrays.copyOf(samples, count);
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100 * count) - 1;
        return sorted[Math.max(0, Math.min(count - 1, index))];
    }

    public int count() {
        return count;
    }

    /** The BENCH line, with the floor's median as floor (null: no floor applies). */
    public String line(String name, Timings floor) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "BENCH %s median_ms=%.3f p95_ms=%.3f", name,
                median(), p95()));
        if (floor != null) {
            b.append(String.format(Locale.ROOT, " floor_ms=%.3f ratio=%.2f", floor.median(),
                    median() / floor.median()));
        }
        return b.append(" n=").append(count).toString();
    }
}
