package org.perturber.featurevis.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.perturber.core.image.RgbImage;
import org.perturber.core.inference.InferenceService;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.model.GradientTarget;
import org.perturber.core.model.InferenceException;
import org.perturber.core.model.InferenceRequest;
import org.perturber.core.model.InferenceResult;
import org.perturber.core.model.LayerObjective;

/**
 * Per-image objective rows through the shared service, which cuts batches into its own batch size (8): each image
 * keeps its own row across the cut, and rows that do not fit the images are refused rather than cut short.
 */
class ObjectiveRowsThroughServiceTest {
    @Test
    void eachImageKeepsItsRowAcrossTheServicesBatches() throws Exception {
        InferenceService service = BuiltinModels.service();
        LoadedModel model = service.load(BuiltinModels.folder("standard")).get(120, TimeUnit.SECONDS);
        // noise: more channels are active on it than on a flat image
        java.util.Random random = new java.util.Random(3);
        float[] pixels = new float[96 * 96 * 3];
        for (int k = 0; k < pixels.length; k++) {
            pixels[k] = random.nextFloat();
        }
        RgbImage noise = new RgbImage(96, 96, pixels);
        int n = 11; // more than one service batch
        int[] channels = new int[n];
        for (int i = 0; i < n; i++) {
            channels[i] = (i * 5) % 32;
        }
        LayerObjective rows = LayerObjective.channels("block3_relu", 32, channels, LayerObjective.Pooling.MEAN);
        List<InferenceResult> batch = service.submitBatch(model, Collections.nCopies(n, noise), new InferenceRequest(0,
                Set.of(), GradientTarget.objective(rows))).get(120, TimeUnit.SECONDS);
        assertEquals(n, batch.size());
        for (int i : new int[] { 0, 7, 8, 10 }) { // both sides of the cut at 8
            InferenceResult alone = service.infer(model, noise, new InferenceRequest(0, Set.of(), GradientTarget
                    .objective(LayerObjective.channel("block3_relu", 32, channels[i], LayerObjective.Pooling.MEAN))));
            float[] a = alone.inputGradient().data();
            float[] b = batch.get(i).inputGradient().data();
            double max = 0;
            double diff = 0;
            for (int k = 0; k < a.length; k++) {
                max = Math.max(max, Math.abs(a[k]));
                diff = Math.max(diff, Math.abs(a[k] - b[k]));
            }
            assertTrue(max > 0, "image " + i + ": channel " + channels[i] + " has a gradient on the noise");
            assertTrue(diff <= 1e-4 * max, "image " + i + ": " + diff + " of " + max);
        }
    }

    @Test
    void rowsForAnotherNumberOfImagesAreRefused() throws Exception {
        InferenceService service = BuiltinModels.service();
        LoadedModel model = service.load(BuiltinModels.folder("standard")).get(120, TimeUnit.SECONDS);
        LayerObjective three = LayerObjective.channels("block3_relu", 32, new int[] { 1, 2, 3 },
                LayerObjective.Pooling.MEAN);
        ExecutionException e = assertThrows(ExecutionException.class, () -> service.submitBatch(model, Collections
                .nCopies(2, RgbImage.filled(96, 96, 0.5f, 0.5f, 0.5f)), new InferenceRequest(0, Set.of(),
                        GradientTarget.objective(three))).get(60, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof InferenceException);
        assertTrue(e.getCause().getMessage().contains("3 rows of weights for 2 images"), e.getCause().getMessage());
    }
}
