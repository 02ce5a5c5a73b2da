package org.perturber.training;

import java.util.function.IntPredicate;

import org.perturber.core.image.RgbImage;
import org.perturber.core.model.Normalization;
import org.perturber.core.render.SceneRenderer;
import org.perturber.training.SceneSampler.TextureMode;

/**
 * A rendered data set: {@code size} samples of {@link SceneSampler} for one seed, at one resolution, kept as 8-bit
 * pixels (a quarter of the memory of floats; the renderer's output is 8-bit anyway).
 */
public final class RenderedSet {
    private final int size;
    private final int resolution;
    private final byte[] pixels;
    private final int[] labels;

    private RenderedSet(int size, int resolution) {
        this.size = size;
        this.resolution = resolution;
        pixels = new byte[size * resolution * resolution * 3];
        labels = new int[size];
    }

    /**
     * Renders samples {@code 0..size-1} of {@code seed}; {@code shuffled} picks the samples whose texture is
     * shuffled across classes (the others keep their own, or all use {@code mode} when it is not OWN).
     * {@code progress} hears how many are done, every 500 samples and at the end.
     */
    public static RenderedSet render(SceneRenderer renderer, long seed, int size, int resolution, TextureMode mode,
            IntPredicate shuffled, java.util.function.IntConsumer progress) {
        RenderedSet set = new RenderedSet(size, resolution);
        int plane = resolution * resolution * 3;
        for (int i = 0; i < size; i++) {
            TextureMode m = mode == TextureMode.OWN && shuffled.test(i) ? TextureMode.SHUFFLED : mode;
            SceneSampler.Sample s = SceneSampler.sample(seed, i, m);
            float[] rgb = renderer.render(s.scene(), resolution, resolution).data();
            for (int p = 0; p < plane; p++) {
                set.pixels[i * plane + p] = (byte) Math.round(Math.max(0, Math.min(1, rgb[p])) * 255);
            }
            set.labels[i] = s.label();
            if ((i + 1) % 500 == 0 || i + 1 == size) {
                progress.accept(i + 1);
            }
        }
        return set;
    }

    public static RenderedSet render(SceneRenderer renderer, long seed, int size, int resolution, TextureMode mode) {
        return render(renderer, seed, size, resolution, mode, i -> false, done -> {
        });
    }

    public int size() {
        return size;
    }

    public int resolution() {
        return resolution;
    }

    public int label(int i) {
        return labels[i];
    }

    public RgbImage image(int i) {
        int plane = resolution * resolution * 3;
        float[] data = new float[plane];
        for (int p = 0; p < plane; p++) {
            data[p] = (pixels[i * plane + p] & 0xff) / 255f;
        }
        return new RgbImage(resolution, resolution, data);
    }

    /** Writes the 8-bit pixels of all samples, sample after sample, each row-major RGB (N x H x W x 3). */
    public void writePixels(java.io.OutputStream out) throws java.io.IOException {
        out.write(pixels);
    }

    /** Samples {@code indices}, normalised, planar (N, 3, H, W): a network's input batch. */
    public float[] batch(int[] indices, Normalization n) {
        int plane = resolution * resolution;
        float[] out = new float[indices.length * plane * 3];
        for (int b = 0; b < indices.length; b++) {
            int base = indices[b] * plane * 3;
            for (int c = 0; c < 3; c++) {
                float mean = n.mean()[c];
                float std = n.std()[c];
                int dst = (b * 3 + c) * plane;
                for (int p = 0; p < plane; p++) {
                    out[dst + p] = ((pixels[base + p * 3 + c] & 0xff) / 255f - mean) / std;
                }
            }
        }
        return out;
    }
}
