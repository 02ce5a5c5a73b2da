package org.perturber.core.model;

/** Per-channel input normalisation: x' = (x - mean) / std, for x in [0, 1]. */
public record Normalization(float[] mean, float[] std) {
    public static final Normalization NONE = new Normalization(new float[] { 0, 0, 0 }, new float[] { 1, 1, 1 });
    public static final Normalization IMAGENET = new Normalization(new float[] { 0.485f, 0.456f, 0.406f },
            new float[] { 0.229f, 0.224f, 0.225f });

    public Normalization {
        if (mean.length != 3 || std.length != 3) {
            throw new IllegalArgumentException("normalisation needs 3 means and 3 standard deviations");
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException("normalisation standard deviations must be positive");
            }
        }
        mean = mean.clone();
        std = std.clone();
    }
}
