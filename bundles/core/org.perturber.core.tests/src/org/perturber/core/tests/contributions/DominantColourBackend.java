package org.perturber.core.tests.contributions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import org.perturber.core.image.RgbImage;
import org.perturber.core.model.ClassScore;
import org.perturber.core.model.InferenceRequest;
import org.perturber.core.model.InferenceResult;
import org.perturber.core.model.Model;
import org.perturber.core.model.ModelBackend;
import org.perturber.core.model.ModelDescriptor;
import org.perturber.core.model.ModelLoadException;
import org.perturber.core.model.Normalization;

/**
 * A test backend: opens directories holding a file "dominant-colour" and gives a classifier whose logits are the
 * mean red, green and blue values (times 10). It exercises the model contract without native code.
 */
public class DominantColourBackend implements ModelBackend {
    public static final String MARKER = "dominant-colour";

    @Override
    public boolean canOpen(Path modelDirectory) {
        return Files.isRegularFile(modelDirectory.resolve(MARKER));
    }

    @Override
    public Model open(Path modelDirectory) throws ModelLoadException {
        if (!canOpen(modelDirectory)) {
            throw new ModelLoadException(modelDirectory.resolve(MARKER), "file missing");
        }
        ModelDescriptor descriptor = new ModelDescriptor("dominant-colour", "Dominant colour", "mean pooling",
                "standard", "test model", 8, 8, Normalization.NONE, List.of("red", "green", "blue"), List.of());
        return new Model() {
            @Override
            public ModelDescriptor descriptor() {
                return descriptor;
            }

            @Override
            public InferenceResult infer(RgbImage input, InferenceRequest request) {
                double[] mean = new double[3];
                float[] d = input.data();
                for (int i = 0; i < d.length; i++) {
                    mean[i % 3] += d[i];
                }
                double[] e = new double[3];
                double sum = 0;
                for (int c = 0; c < 3; c++) {
                    e[c] = Math.exp(10 * mean[c] / (d.length / 3));
                    sum += e[c];
                }
                float[] p = new float[3];
                List<ClassScore> scores = new ArrayList<>();
                for (int c = 0; c < 3; c++) {
                    p[c] = (float) (e[c] / sum);
                    scores.add(new ClassScore(c, descriptor.labels().get(c), p[c]));
                }
                scores.sort(Comparator.comparingDouble(ClassScore::probability).reversed());
                return new InferenceResult(p, scores.subList(0, Math.min(request.topK(), 3)), Map.of(), null);
            }

            @Override
            public void close() {
            }
        };
    }
}
