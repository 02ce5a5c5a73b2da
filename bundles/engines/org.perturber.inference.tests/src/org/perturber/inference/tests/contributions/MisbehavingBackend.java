package org.perturber.inference.tests.contributions;

import java.nio.file.Files;
import java.nio.file.Path;
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
 * Model backends with plugin bugs, each contributed in this bundle's plugin.xml. Each opens only folders holding its
 * marker file ({@code misbehaving-KIND}), so the real backends' folders never reach them, and the shared inference
 * service must name the backend and its bundle and keep the other models working.
 */
public abstract class MisbehavingBackend implements ModelBackend {
    public static final List<String> LABELS = List.of("red", "green", "blue");

    /** The marker file a folder needs for this backend to open it. */
    public abstract String kind();

    @Override
    public boolean canOpen(Path modelDirectory) {
        return Files.isRegularFile(modelDirectory.resolve("misbehaving-" + kind()));
    }

    @Override
    public Model open(Path modelDirectory) throws ModelLoadException {
        ModelDescriptor descriptor = new ModelDescriptor("misbehaving-" + kind(), "Misbehaving (" + kind() + ")",
                "none", "standard", "test model", 8, 8, Normalization.NONE, LABELS, List.of());
        return new Model() {
            @Override
            public ModelDescriptor descriptor() {
                return descriptor;
            }

            @Override
            public InferenceResult infer(RgbImage input, InferenceRequest request) {
                return MisbehavingBackend.this.infer(descriptor);
            }

            @Override
            public void close() {
            }
        };
    }

    /** A well-formed answer: probabilities 0.2, 0.3, 0.5. */
    static InferenceResult answer(float[] probabilities, ModelDescriptor d) {
        return new InferenceResult(probabilities, InferenceResult.topK(probabilities, d.labels(), 1), Map.of(), null);
    }

    abstract InferenceResult infer(ModelDescriptor d);

    /** Its open throws an Error (a native library that ran out of memory). */
    public static class ErrorOnOpen extends MisbehavingBackend {
        public static final String MESSAGE = "native arena exhausted (test)";

        @Override
        public String kind() {
            return "error-on-open";
        }

        @Override
        public Model open(Path modelDirectory) {
            throw new OutOfMemoryError(MESSAGE);
        }

        @Override
        InferenceResult infer(ModelDescriptor d) {
            throw new IllegalStateException("never opened");
        }
    }

    /** Opens, then every inference throws an Error. */
    public static class ErrorOnInfer extends MisbehavingBackend {
        public static final String MESSAGE = "engine state corrupt (test)";

        @Override
        public String kind() {
            return "error-on-infer";
        }

        @Override
        InferenceResult infer(ModelDescriptor d) {
            throw new InternalError(MESSAGE);
        }
    }

    /** Answers with NaN probabilities. */
    public static class NotANumber extends MisbehavingBackend {
        @Override
        public String kind() {
            return "nan";
        }

        @Override
        InferenceResult infer(ModelDescriptor d) {
            return new InferenceResult(new float[] { Float.NaN, Float.NaN, Float.NaN }, List.of(new ClassScore(0, "red",
                    Float.NaN)), Map.of(), null);
        }
    }

    /** Answers with two probabilities for three labels. */
    public static class WrongCount extends MisbehavingBackend {
        @Override
        public String kind() {
            return "wrong-count";
        }

        @Override
        InferenceResult infer(ModelDescriptor d) {
            return new InferenceResult(new float[] { 0.4f, 0.6f }, List.of(new ClassScore(1, "green", 0.6f)), Map
                    .of(), null);
        }
    }

    /** Throws an Error when asked whether it can open a folder with its marker. */
    public static class ErrorInCanOpen extends MisbehavingBackend {
        @Override
        public String kind() {
            return "error-in-can-open";
        }

        @Override
        public boolean canOpen(Path modelDirectory) {
            if (super.canOpen(modelDirectory)) {
                throw new StackOverflowError();
            }
            return false;
        }

        @Override
        InferenceResult infer(ModelDescriptor d) {
            return answer(new float[] { 0.2f, 0.3f, 0.5f }, d);
        }
    }
}
