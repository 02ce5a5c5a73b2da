package org.perturber.training.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.perturber.core.scene.MeshRef;
import org.perturber.core.scene.Texture;
import org.perturber.objects.BuiltinObjects;
import org.perturber.testing.Fixtures;
import org.perturber.training.ModelTraining;
import org.perturber.training.RenderedSet;
import org.perturber.training.SceneSampler;
import org.perturber.training.SceneSampler.Sample;
import org.perturber.training.SceneSampler.TextureMode;

class SceneSamplerTest {
    private static final BuiltinObjects OBJECTS = new BuiltinObjects();

    @Test
    void aSampleIsTheSameSceneEveryTimeAndAnotherSeedGivesAnotherScene() {
        assertEquals(SceneSampler.sample(5, 17, TextureMode.OWN), SceneSampler.sample(5, 17, TextureMode.OWN));
        assertNotEquals(SceneSampler.sample(5, 17, TextureMode.OWN).scene(), SceneSampler.sample(6, 17,
                TextureMode.OWN).scene());
        assertNotEquals(SceneSampler.sample(5, 17, TextureMode.OWN).scene(), SceneSampler.sample(5, 29,
                TextureMode.OWN).scene());
    }

    @Test
    void classesTakeTurnsSoEverySetIsBalanced() {
        int classes = SceneSampler.classes().size();
        assertEquals(12, classes);
        int[] counts = new int[classes];
        IntStream.range(0, classes * 5).forEach(i -> counts[SceneSampler.sample(3, i, TextureMode.OWN).label()]++);
        for (int c : counts) {
            assertEquals(5, c);
        }
        Sample s = SceneSampler.sample(3, 4, TextureMode.OWN);
        assertEquals(MeshRef.builtin(SceneSampler.classes().get(s.label())), s.scene().subject().mesh());
    }

    @Test
    void ownTexturesVaryWithinTheirFamilyAndRemovedTexturesAreGone() {
        for (int i = 0; i < 48; i++) {
            Sample own = SceneSampler.sample(11, i, TextureMode.OWN);
            Texture t = own.scene().subject().material().texture();
            assertEquals(defaultTexture(own.label()).source(), t.source(), "sample " + i);
            assertEquals(Texture.NONE, SceneSampler.sample(11, i, TextureMode.REMOVED).scene().subject().material()
                    .texture());
        }
        // the variation is real: the same class's texture differs between samples
        assertNotEquals(SceneSampler.sample(11, 0, TextureMode.OWN).scene().subject().material().texture(),
                SceneSampler.sample(11, 12, TextureMode.OWN).scene().subject().material().texture());
    }

    @Test
    void swappedTexturesComeFromAnotherClassAndShuffledOnesFromAnyClass() {
        int ownInShuffled = 0;
        for (int i = 0; i < 240; i++) {
            Sample swapped = SceneSampler.sample(13, i, TextureMode.SWAPPED);
            assertNotEquals(swapped.label(), closestClass(swapped.scene().subject().material().texture()),
                    "sample " + i + " kept its own texture");
            Sample shuffled = SceneSampler.sample(13, i, TextureMode.SHUFFLED);
            ownInShuffled += closestClass(shuffled.scene().subject().material().texture()) == shuffled.label() ? 1 : 0;
            // the shape and the label stay those of the class
            assertEquals(SceneSampler.sample(13, i, TextureMode.OWN).label(), swapped.label());
        }
        // about 1 in 12 shuffled samples keeps its own texture by chance
        assertTrue(ownInShuffled > 5 && ownInShuffled < 45, "own textures among shuffled: " + ownInShuffled);
    }

    @Test
    void renderedSetsRepeatPixelForPixel() {
        RenderedSet a = RenderedSet.render(Fixtures.renderer(), 21, 24, 32, TextureMode.OWN);
        RenderedSet b = RenderedSet.render(Fixtures.renderer(), 21, 24, 32, TextureMode.OWN);
        int[] all = IntStream.range(0, 24).toArray();
        float[] pixels = a.batch(all, ModelTraining.NORMALIZATION);
        assertArrayEquals(pixels, b.batch(all, ModelTraining.NORMALIZATION));
        // not blank: the object and the random background differ between samples
        assertFalse(java.util.Arrays.equals(a.image(0).data(), a.image(1).data()));
        assertEquals(List.of(0, 1, 2), List.of(a.label(0), a.label(1), a.label(2)));
    }

    private static Texture defaultTexture(int label) {
        return OBJECTS.defaultMaterial(MeshRef.builtin(SceneSampler.classes().get(label))).orElseThrow().texture();
    }

    /** The class whose default texture this (varied) texture most resembles: same pattern, nearest colours. */
    private static int closestClass(Texture t) {
        int best = -1;
        double bestDistance = Double.MAX_VALUE;
        for (int c = 0; c < SceneSampler.classes().size(); c++) {
            Texture d = defaultTexture(c);
            if (!d.source().equals(t.source())) {
                continue;
            }
            double distance = Math.abs(d.color().r() - t.color().r()) + Math.abs(d.color().g() - t.color().g())
                    + Math.abs(d.color().b() - t.color().b()) + Math.abs(d.secondColor().r() - t.secondColor().r())
                    + Math.abs(d.secondColor().g() - t.secondColor().g()) + Math.abs(d.secondColor().b() - t
                            .secondColor().b());
            if (distance < bestDistance) {
                bestDistance = distance;
                best = c;
            }
        }
        return best;
    }
}
