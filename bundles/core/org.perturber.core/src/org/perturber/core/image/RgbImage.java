package org.perturber.core.image;

import java.util.Arrays;

/**
 * An RGB image with float channels in [0, 1], stored row by row from the top, interleaved (r, g, b). This is
 * what the renderer produces, image perturbations transform and models consume. Instances are treated as
 * immutable: {@link #data()} is shared, not copied, for speed, and must not be written to.
 */
public final class RgbImage {
    private final int width;
    private final int height;
    private final float[] data;

    public RgbImage(int width, int height, float[] data) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        if (data.length != width * height * 3) {
            throw new IllegalArgumentException(
                    "image data has " + data.length + " values, expected " + width * height * 3);
        }
        this.width = width;
        this.height = height;
        this.data = data;
    }

    /** A uniform image. */
    public static RgbImage filled(int width, int height, float r, float g, float b) {
        float[] d = new float[width * height * 3];
        for (int i = 0; i < d.length; i += 3) {
            d[i] = r;
            d[i + 1] = g;
            d[i + 2] = b;
        }
        return new RgbImage(width, height, d);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** The shared backing array; read only. */
    public float[] data() {
        return data;
    }

    /** Channel {@code c} (0 red, 1 green, 2 blue) of the pixel at column x, row y (row 0 at the top). */
    public float get(int x, int y, int c) {
        return data[(y * width + x) * 3 + c];
    }

    /** Mean of the three channels at (x, y). */
    public float luminance(int x, int y) {
        int i = (y * width + x) * 3;
        return (data[i] + data[i + 1] + data[i + 2]) / 3f;
    }

    /**
     * How an image's values stand against the range [0, 1] widened by {@code slack} on both sides: how many are NaN
     * or infinite, how many finite ones lie outside, and the smallest and largest finite value (NaN when there is
     * none). One pass, no allocation: the stack and the views check every image a contribution returns.
     */
    public RangeCheck checkRange(double slack) {
        int nonFinite = 0;
        int outside = 0;
        float min = Float.NaN;
        float max = Float.NaN;
        for (float v : data) {
            if (!Float.isFinite(v)) {
                nonFinite++;
                continue;
            }
            if (v < -slack || v > 1 + slack) {
                outside++;
            }
            min = !(v >= min) ? v : min; // NaN at first: the first finite value starts it
            max = !(v <= max) ? v : max;
        }
        return new RangeCheck(nonFinite, outside, min, max);
    }

    /** What {@link #checkRange(double)} found. */
    public record RangeCheck(int nonFinite, int outside, float min, float max) {
        /** No NaN or infinite value and none outside the range. */
        public boolean ok() {
            return nonFinite == 0 && outside == 0;
        }
    }

    /** A new image with the same size whose data array may be written to. */
    public float[] copyData() {
        return data.clone();
    }

    /** Packs to 0xRRGGBB ints, row 0 at the top, for image writers and SWT. */
    public int[] toPackedRgb() {
        int[] out = new int[width * height];
        for (int p = 0; p < out.length; p++) {
            out[p] = (to8(data[p * 3]) << 16) | (to8(data[p * 3 + 1]) << 8) | to8(data[p * 3 + 2]);
        }
        return out;
    }

    private static int to8(float v) {
        return Math.round(Math.max(0f, Math.min(1f, v)) * 255f);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RgbImage other && other.width == width && other.height == height
                && Arrays.equals(other.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * width + height) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "RgbImage[" + width + "x" + height + "]";
    }
}
