package org.perturber.core.tests.param;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.perturber.core.param.BooleanParameter;
import org.perturber.core.param.ChoiceParameter;
import org.perturber.core.param.ColorParameter;
import org.perturber.core.param.IntegerParameter;
import org.perturber.core.param.InvalidParameterException;
import org.perturber.core.param.NumberParameter;
import org.perturber.core.param.ParameterDescriptor;
import org.perturber.core.param.ParameterValues;
import org.perturber.core.scene.Rgb;

class ParameterValuesTest {
    private static final NumberParameter AZIMUTH = new NumberParameter("azimuth", "Azimuth", "deg", -180, 180, 0.0);
    private static final IntegerParameter STEPS = new IntegerParameter("steps", "Steps", "", 1, 100, 10);
    private static final ChoiceParameter MODE = ChoiceParameter.of("mode", "Shading", "smooth", "smooth", "flat",
            "unlit");
    private static final ColorParameter TINT = new ColorParameter("tint", "Tint", Rgb.WHITE);
    private static final BooleanParameter TARGETED = new BooleanParameter("targeted", "Targeted", false);
    private static final List<ParameterDescriptor> ALL = List.of(AZIMUTH, STEPS, MODE, TINT, TARGETED);

    @Test
    void defaultsAreTheDeclaredDefaults() {
        ParameterValues v = ParameterValues.defaults(ALL);
        assertEquals(0.0, v.getDouble("azimuth"));
        assertEquals(10, v.getInt("steps"));
        assertEquals("smooth", v.getChoice("mode"));
        assertEquals(Rgb.WHITE, v.getColor("tint"));
        assertEquals(false, v.getBoolean("targeted"));
        assertTrue(v.isDefault());
    }

    @Test
    void outOfRangeNumbersAreClamped() {
        ParameterValues v = ParameterValues.defaults(ALL).with("steps", -3);
        assertEquals(1, v.getInt("steps"));
        NumberParameter elevation = new NumberParameter("elevation", "Elevation", "deg", -90, 90, 0.0);
        assertEquals(90.0, ParameterValues.defaults(List.of(elevation)).with("elevation", 120).getDouble(
                "elevation"), "an angle over less than a turn stops at its end");
    }

    /** Issue 16: "454 degrees"; an angle over one full turn wraps around instead of sticking at its end. */
    @Test
    void anglesOverOneTurnWrapAround() {
        ParameterValues v = ParameterValues.defaults(ALL);
        assertEquals(140.0, v.with("azimuth", 500).getDouble("azimuth"), 1e-9);
        assertEquals(94.0, v.with("azimuth", 454).getDouble("azimuth"), 1e-9);
        assertEquals(-170.0, v.with("azimuth", 190).getDouble("azimuth"), 1e-9);
        assertEquals(180.0, v.with("azimuth", 180).getDouble("azimuth"), 1e-9, "the ends are in range");
        assertEquals(-180.0, v.with("azimuth", -180).getDouble("azimuth"), 1e-9);
    }

    @Test
    void classesAreNamedAndOldIndicesStillRead() {
        org.perturber.core.param.ClassParameter target = new org.perturber.core.param.ClassParameter("target",
                "Target class", "");
        ParameterValues v = ParameterValues.defaults(List.of(target));
        List<String> labels = List.of("mug", "bottle", "vase");
        assertEquals(-1, target.resolve((String) v.get("target"), labels), "none by default");
        assertEquals(2, target.resolve((String) v.with("target", " vase").get("target"), labels));
        assertEquals(1, target.resolve((String) v.with("target", 1.0).get("target"), labels), "an old session's 1");
        assertEquals("", v.with("target", -1).get("target"), "an old session's -1: none");
        InvalidParameterException e = assertThrows(InvalidParameterException.class, () -> target.resolve("teapot",
                labels));
        assertTrue(e.getMessage().contains("teapot") && e.getMessage().contains("mug"), e.getMessage());
        assertThrows(InvalidParameterException.class, () -> v.with("target", 1.5));
    }

    @Test
    void nanIsRefusedWithTheParameterNamed() {
        ParameterValues v = ParameterValues.defaults(ALL);
        InvalidParameterException e = assertThrows(InvalidParameterException.class,
                () -> v.with("azimuth", Double.NaN));
        assertTrue(e.getMessage().contains("Azimuth") && e.getMessage().contains("NaN"), e.getMessage());
        assertThrows(InvalidParameterException.class, () -> v.with("steps", Float.NaN));
    }

    @Test
    void wrongValuesAreRefused() {
        ParameterValues v = ParameterValues.defaults(ALL);
        assertThrows(InvalidParameterException.class, () -> v.with("mode", "wireframe"));
        assertThrows(InvalidParameterException.class, () -> v.with("tint", "#12345"));
        assertThrows(InvalidParameterException.class, () -> v.with("targeted", 1));
        assertThrows(InvalidParameterException.class, () -> v.with("azimuth", "ten"));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class, () -> v.with("zoom", 1));
        assertTrue(unknown.getMessage().contains("azimuth"), "lists the known ids: " + unknown.getMessage());
    }

    @Test
    void valuesAreImmutableAndComparable() {
        ParameterValues a = ParameterValues.defaults(ALL);
        ParameterValues b = a.withAll(Map.of("mode", "flat", "tint", "#ff0000"));
        assertEquals("smooth", a.getChoice("mode"));
        assertEquals("flat", b.getChoice("mode"));
        assertEquals(new Rgb(1, 0, 0), b.getColor("tint"));
        assertEquals(b, a.with("mode", "flat").with("tint", new Rgb(1, 0, 0)));
        assertTrue(!b.isDefault());
    }

    @Test
    void fileParametersCheckTheExtension() {
        org.perturber.core.param.FileParameter image = new org.perturber.core.param.FileParameter("image", "Image",
                List.of("png", "jpg"), "");
        ParameterValues v = ParameterValues.defaults(List.of(image));
        assertEquals("", v.get("image"));
        assertEquals("/tmp/a.PNG", v.with("image", " /tmp/a.PNG ").get("image"));
        InvalidParameterException e = assertThrows(InvalidParameterException.class, () -> v.with("image", "a.txt"));
        assertTrue(e.getMessage().contains("Image") && e.getMessage().contains("png"), e.getMessage());
    }

    @Test
    void inconsistentDescriptorsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new NumberParameter("x", "X", "", 1, 0, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new NumberParameter("x", "X", "", 0, 1, 2.0));
        assertThrows(IllegalArgumentException.class, () -> ChoiceParameter.of("c", "C", "d", "a", "b"));
        assertThrows(IllegalArgumentException.class, () -> ParameterValues.defaults(List.of(AZIMUTH, AZIMUTH)));
    }
}
