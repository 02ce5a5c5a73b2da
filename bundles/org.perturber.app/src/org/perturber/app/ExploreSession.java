package org.perturber.app;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.perturber.core.inference.LoadedModel;
import org.perturber.core.perturbation.PerturbationStack;
import org.perturber.core.scene.Scene;

/**
 * What the Explore perspective's views share: the current scene, the perturbation stack applied to it, and the
 * active models. Views observe it instead of
 * each other, so a view can be added or closed without touching the others. Listeners are called on the thread that
 * made the change; views hop to the UI thread themselves.
 */
public final class ExploreSession {
    private volatile Scene scene;
    private volatile PerturbationStack stack = PerturbationStack.EMPTY;
    private volatile Change lastChange;

    /** The parameter last changed in the stack and its new value: what live plots put on their x axis. */
    public record Change(String label, double value) {
    }
    private final List<LoadedModel> models = new CopyOnWriteArrayList<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile String modelProblem;

    /** The scene shown now, or null while the default scene is prepared. */
    public Scene scene() {
        return scene;
    }

    public void setScene(Scene newScene) {
        scene = newScene;
        fire();
    }

    /** The perturbations applied to the scene, in the user's order (they apply by stage). */
    public PerturbationStack stack() {
        return stack;
    }

    public void setStack(PerturbationStack newStack) {
        stack = newStack;
        fire();
    }

    /** Sets the stack after one numeric parameter changed (a slider moved). */
    public void setStack(PerturbationStack newStack, Change change) {
        lastChange = change;
        setStack(newStack);
    }

    /** The last numeric parameter change, or null. */
    public Change lastChange() {
        return lastChange;
    }

    /** The active models, in the order they were activated. */
    public List<LoadedModel> models() {
        return List.copyOf(models);
    }

    public void addModel(LoadedModel model) {
        if (models.stream().noneMatch(m -> m.key().equals(model.key()))) {
            models.add(model);
            modelProblem = null;
            fire();
        }
    }

    public void removeModel(LoadedModel model) {
        if (models.removeIf(m -> m.key().equals(model.key()))) {
            fire();
        }
    }

    /** Why the last model failed to load (shown where predictions would be), or null. */
    public String modelProblem() {
        return modelProblem;
    }

    public void reportModelProblem(String problem) {
        modelProblem = problem;
        fire();
    }

    /** The input size of the first active model: what the scene view's model-input toggle shows. */
    public int modelInputSize() {
        return models.isEmpty() ? 224 : models.get(0).descriptor().inputWidth();
    }

    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    public void removeListener(Runnable listener) {
        listeners.remove(listener);
    }

    private void fire() {
        for (Runnable l : listeners) {
            l.run();
        }
    }
}
