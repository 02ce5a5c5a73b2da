package org.perturber.featurevis;

import java.util.Arrays;
import java.util.Locale;

import org.perturber.core.model.LayerObjective;

/**
 * What a feature visualization maximises: a channel's mean activation, one neuron (the channel at the centre of
 * its map), a class logit, or a direction (a weighted sum of a layer's channels, each pooled by its mean).
 *
 * @param index the channel (CHANNEL, NEURON) or class (CLASS_LOGIT); -1 for a direction
 * @param direction the channel weights of a direction; empty otherwise
 */
public record FeatureObjective(Kind kind, String layer, int index, float[] direction) {
    public enum Kind {
        CHANNEL, NEURON, CLASS_LOGIT, DIRECTION
    }

    public FeatureObjective {
        if (kind == null || layer == null || layer.isBlank()) {
            throw new IllegalArgumentException("an objective needs a kind and a layer");
        }
        direction = direction == null ? new float[0] : direction.clone();
        if ((kind == Kind.DIRECTION) != (direction.length > 0)) {
            throw new IllegalArgumentException("a direction, and only a direction, has channel weights");
        }
        if (kind != Kind.DIRECTION && index < 0) {
            throw new IllegalArgumentException("negative " + (kind == Kind.CLASS_LOGIT ? "class" : "channel") + " "
                    + index);
        }
    }

    public static FeatureObjective channel(String layer, int channel) {
        return new FeatureObjective(Kind.CHANNEL, layer, channel, null);
    }

    public static FeatureObjective neuron(String layer, int channel) {
        return new FeatureObjective(Kind.NEURON, layer, channel, null);
    }

    public static FeatureObjective classLogit(int classIndex) {
        return new FeatureObjective(Kind.CLASS_LOGIT, LayerObjective.LOGITS, classIndex, null);
    }

    public static FeatureObjective direction(String layer, float[] weights) {
        return new FeatureObjective(Kind.DIRECTION, layer, -1, weights);
    }

    /** The pooling of the layer's maps this objective uses. */
    public LayerObjective.Pooling pooling() {
        return kind == Kind.NEURON ? LayerObjective.Pooling.CENTRE : LayerObjective.Pooling.MEAN;
    }

    /** This objective's row of weights over a layer of {@code channels} channels. */
    public float[] row(int channels) {
        if (kind == Kind.DIRECTION) {
            if (direction.length != channels) {
                throw new IllegalArgumentException("direction on " + layer + " has " + direction.length
                        + " weights; the layer has " + channels + " channels");
            }
            return direction.clone();
        }
        if (index >= channels) {
            throw new IllegalArgumentException((kind == Kind.CLASS_LOGIT ? "class " : "channel ") + index
                    + " outside 0.." + (channels - 1) + " of " + layer);
        }
        float[] w = new float[channels];
        w[index] = 1f;
        return w;
    }

    /** A stable text for cache keys and file names: "channel block3_relu 12". */
    public String key() {
        return switch (kind) {
        case DIRECTION -> "direction " + layer + " " + Integer.toHexString(Arrays.hashCode(direction)) + "-"
                + direction.length;
        default -> kind.name().toLowerCase(Locale.ROOT).replace('_', '-') + " " + layer + " " + index;
        };
    }

    /** For people: "block3_relu channel 12". */
    public String label() {
        return switch (kind) {
        case CHANNEL -> layer + " channel " + index;
        case NEURON -> layer + " neuron " + index + " (centre)";
        case CLASS_LOGIT -> "class " + index + " logit";
        case DIRECTION -> layer + " direction";
        };
    }

    @Override
    public float[] direction() {
        return direction.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureObjective other && kind == other.kind && layer.equals(other.layer)
                && index == other.index && Arrays.equals(direction, other.direction);
    }

    @Override
    public int hashCode() {
        return (kind.hashCode() * 31 + layer.hashCode()) * 31 + index * 7 + Arrays.hashCode(direction);
    }

    @Override
    public String toString() {
        return "FeatureObjective[" + key() + "]";
    }
}
