package org.perturber.flipsearch.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.perturber.core.perturbation.PerturbationStack;
import org.perturber.core.perturbation.StackEntry;
import org.perturber.flipsearch.FlipParameter;
import org.perturber.flipsearch.FlipSearch;

/** Which parameters a search may move, from where, and how a value goes back into the stack. */
class FlipParameterTest {
    private static final PerturbationStack STACK = new PerturbationStack(List.of(StackEntry.of(Searches.CAMERA).with(
            "elevation", 10.0), StackEntry.of(Searches.FADE).with("amount", 0.3).withEnabled(false), StackEntry.of(
                    Searches.JPEG).with("quality", 40)));

    @Test
    void theStacksEnabledNumericParametersComeFirstAtTheirValues() {
        List<FlipParameter> stacked = FlipParameter.of(STACK, Searches.registry(), false);
        assertTrue(stacked.stream().allMatch(p -> p.entry() == 0 || p.entry() == 2), "a disabled entry's parameter");
        FlipParameter elevation = stacked.stream().filter(p -> p.parameter().equals("elevation")).findFirst()
                .orElseThrow();
        assertEquals(10.0, elevation.current());
        assertEquals(-90, elevation.min());
        assertEquals(90, elevation.max());
        assertFalse(elevation.periodic());
        assertTrue(stacked.stream().filter(p -> p.parameter().equals("azimuth")).findFirst().orElseThrow()
                .periodic());
        FlipParameter quality = stacked.stream().filter(p -> p.parameter().equals("quality")).findFirst()
                .orElseThrow();
        assertTrue(quality.whole());
        assertEquals(40, quality.current());
        assertTrue(stacked.stream().noneMatch(p -> p.parameter().equalsIgnoreCase("seed")), "seeds have no size");
    }

    @Test
    void unstackedPerturbationsFollowAtTheirDefaultsWithoutAttacks() {
        List<FlipParameter> all = FlipParameter.of(STACK, Searches.registry(), true);
        List<FlipParameter> stacked = FlipParameter.of(STACK, Searches.registry(), false);
        assertEquals(stacked, all.subList(0, stacked.size()));
        List<FlipParameter> added = all.subList(stacked.size(), all.size());
        assertTrue(added.stream().allMatch(p -> p.entry() == -1));
        assertTrue(added.stream().anyMatch(p -> p.perturbation().equals(Searches.LIGHTING)), "lighting missing");
        // the disabled fade is in the stack: it is not offered again as a new entry
        assertTrue(added.stream().noneMatch(p -> p.perturbation().equals(Searches.FADE)));
        assertTrue(added.stream().noneMatch(p -> p.perturbation().contains("adversarial")), "attacks are left out");
        FlipParameter intensity = added.stream().filter(p -> p.perturbation().equals(Searches.LIGHTING) && p
                .parameter().equals("intensity")).findFirst().orElseThrow();
        assertEquals(1.0, intensity.current(), "at its default");
    }

    @Test
    void valuesGoOnTheirEntryOrOnOneNewEntryPerPerturbation() {
        List<FlipParameter> all = FlipParameter.of(STACK, Searches.registry(), true);
        FlipParameter elevation = all.stream().filter(p -> p.parameter().equals("elevation") && p.entry() == 0)
                .findFirst().orElseThrow();
        assertEquals(-20.0, elevation.apply(STACK, -20).entries().get(0).values().get("elevation"));
        assertEquals(3, elevation.apply(STACK, -20).entries().size());
        List<FlipParameter> lighting = all.stream().filter(p -> p.perturbation().equals(Searches.LIGHTING) && (p
                .parameter().equals("intensity") || p.parameter().equals("ambient"))).toList();
        assertEquals(2, lighting.size());
        PerturbationStack both = FlipSearch.applyAll(STACK, lighting, new double[] { 0.5, 2.0 });
        assertEquals(4, both.entries().size(), "one new lighting entry for both of its parameters");
        assertEquals(2, both.entries().get(3).values().size());
    }

    @Test
    void anglesWrapAndWholeNumbersRound() {
        FlipParameter azimuth = new FlipParameter(Searches.CAMERA, "azimuth", "Azimuth", "deg", 0, -180, 180, 170,
                false, true);
        assertEquals(-170, azimuth.valueAt(FlipParameter.Direction.UP, 20), 1e-9);
        assertEquals(180, azimuth.extent(FlipParameter.Direction.UP));
        FlipParameter quality = new FlipParameter(Searches.JPEG, "quality", "Quality", "", 0, 1, 100, 40, true,
                false);
        assertEquals(43, quality.valueAt(FlipParameter.Direction.UP, 2.6));
        assertEquals(1, quality.valueAt(FlipParameter.Direction.DOWN, 99));
        assertEquals(60, quality.extent(FlipParameter.Direction.UP));
        FlipParameter narrowed = azimuth.withRange(-90, 90);
        assertFalse(narrowed.periodic(), "a part of the turn does not wrap");
        assertEquals(90, narrowed.current());
        assertThrows(IllegalArgumentException.class, () -> new FlipParameter(Searches.CAMERA, "x", "X", "", 0, 0, 1,
                2, false, false));
    }
}
