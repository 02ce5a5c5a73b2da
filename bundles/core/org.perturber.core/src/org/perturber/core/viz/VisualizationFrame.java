package org.perturber.core.viz;

import java.util.List;

import org.perturber.core.image.RgbImage;

/** What a visualization produces: one of a few drawable kinds, so that any UI (or a figure exporter) can show it. */
public sealed interface VisualizationFrame {
    String title();

    /** An image, such as a heat map over the model input. */
    record Picture(String title, RgbImage image, String legend) implements VisualizationFrame {
    }

    /** Labelled bars with values in [0, 1], each with an optional change against the baseline. */
    record Bars(String title, List<Bar> bars) implements VisualizationFrame {
        public Bars {
            bars = List.copyOf(bars);
        }
    }

    /** One bar; {@code change} is NaN when there is no baseline. */
    record Bar(String label, double value, double change) {
    }

    /** A grid of small pictures, such as one heat map per channel. */
    record Tiles(String title, List<RgbImage> tiles, List<String> labels) implements VisualizationFrame {
        public Tiles {
            tiles = List.copyOf(tiles);
            labels = List.copyOf(labels);
        }
    }
}
