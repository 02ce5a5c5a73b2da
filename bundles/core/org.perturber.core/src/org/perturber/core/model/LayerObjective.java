package org.perturber.core.model;

import java.util.Arrays;

/**
 * A differentiable objective over one layer's output, for a batch: for batch item {@code b},
 * {@code sum_c weights[b * channels + c] * pool(layer[b, c])}, where pool is the mean over the channel's map or its
 * value at the centre of the map. The objective of a batch is the sum of its items' objectives; since items do not
 * interact in inference mode, each item's input gradient is the gradient of its own objective. This is what feature
 * visualization maximises: a channel (one-hot weights, mean), a neuron (one-hot, centre), a direction (any weights)
 * and, with {@link #LOGITS} for the layer, a class logit.
 *
 * @param layer a layer the model exposes, or {@link #LOGITS}
 * @param pooling how a channel's map becomes one number
 * @param channels the layer's channel count (the number of classes for the logits)
 * @param weights one row of {@code channels} weights per batch item, or one row for every item
 */
public record LayerObjective(String layer, Pooling pooling, int channels, float[] weights) {
    /** The layer name that stands for the network's class logits. */
    public static final String LOGITS = "logits";

    public enum Pooling {
        /** The mean over the channel's map: the channel's usual activation. */
        MEAN,
        /** The value at the centre of the map (row height/2, column width/2): one neuron. */
        CENTRE
    }

    public LayerObjective {
        if (layer == null || layer.isBlank()) {
            throw new IllegalArgumentException("an objective needs a layer");
        }
        if (pooling == null) {
            throw new IllegalArgumentException("an objective needs a pooling");
        }
        if (channels < 1 || weights.length == 0 || weights.length % channels != 0) {
            throw new IllegalArgumentException("objective on " + layer + ": " + weights.length
                    + " weights are not whole rows of " + channels + " channels");
        }
        for (float w : weights) {
            if (!Float.isFinite(w)) {
                throw new IllegalArgumentException("objective on " + layer + ": weights must be finite");
            }
        }
        weights = weights.clone();
    }

    /** One channel of a layer, the same for every batch item. */
    public static LayerObjective channel(String layer, int channels, int channel, Pooling pooling) {
        return channels(layer, channels, new int[] { channel }, pooling);
    }

    /** One channel per batch item: item {@code b} maximises {@code channelPerItem[b]}. */
    public static LayerObjective channels(String layer, int channels, int[] channelPerItem, Pooling pooling) {
        float[] w = new float[channelPerItem.length * channels];
        for (int b = 0; b < channelPerItem.length; b++) {
            if (channelPerItem[b] < 0 || channelPerItem[b] >= channels) {
                throw new IllegalArgumentException("channel " + channelPerItem[b] + " outside 0.." + (channels - 1)
                        + " of " + layer);
            }
            w[b * channels + channelPerItem[b]] = 1f;
        }
        return new LayerObjective(layer, pooling, channels, w);
    }

    /** Batch items this objective has rows for (1: the same row for every item). */
    public int items() {
        return weights.length / channels;
    }

    public boolean logits() {
        return LOGITS.equals(layer);
    }

    /** The weights of batch item {@code item} (the only row when there is one for every item). */
    public float[] row(int item) {
        int r = items() == 1 ? 0 : item;
        return Arrays.copyOfRange(weights, r * channels, (r + 1) * channels);
    }

    /** The rows of batch items {@code from} (inclusive) to {@code to}: what a part of a batch is asked. */
    public LayerObjective slice(int from, int to) {
        if (items() == 1) {
            return this;
        }
        return new LayerObjective(layer, pooling, channels, Arrays.copyOfRange(weights, from * channels, to
                * channels));
    }

    /** The weights for a batch of {@code n} items, one row each (throws when the rows do not fit the batch). */
    public float[] weightsFor(int n) {
        if (items() == 1) {
            float[] all = new float[n * channels];
            for (int b = 0; b < n; b++) {
                System.arraycopy(weights, 0, all, b * channels, channels);
            }
            return all;
        }
        if (items() != n) {
            throw new InferenceException("objective on " + layer + " has " + items() + " rows of weights for a batch of "
                    + n + " images");
        }
        return weights.clone();
    }

    @Override
    public float[] weights() {
        return weights.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LayerObjective other && layer.equals(other.layer) && pooling == other.pooling
                && channels == other.channels && Arrays.equals(weights, other.weights);
    }

    @Override
    public int hashCode() {
        return (layer.hashCode() * 31 + pooling.hashCode()) * 31 + Arrays.hashCode(weights);
    }

    @Override
    public String toString() {
        return "LayerObjective[" + layer + ", " + pooling + ", " + items() + "x" + channels + "]";
    }
}
