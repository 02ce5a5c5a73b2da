package org.perturber.featurevis;

import org.perturber.core.image.RgbImage;

/** A dataset image a channel's activation is measured on: a render of a built-in object or a sweep's sample. */
public record ExampleImage(String name, RgbImage image) {
}
