package org.perturber.core.model;

/** Activations of one layer for one input, channel-major: value(c, y, x) = values[(c * height + y) * width + x]. */
public record Activation(String layer, int channels, int height, int width, float[] values) {
    public Activation {
        if (values.length != channels * height * width) {
            throw new IllegalArgumentException("layer " + layer + ": " + values.length + " values for shape "
                    + channels + "x" + height + "x" + width);
        }
    }

    public float value(int channel, int y, int x) {
        return values[(channel * height + y) * width + x];
    }

    /** Mean activation of one channel: the usual "neuron" value of a convolutional channel. */
    public float channelMean(int channel) {
        int n = height * width;
        double sum = 0;
        for (int i = channel * n; i < (channel + 1) * n; i++) {
            sum += values[i];
        }
        return (float) (sum / n);
    }
}
