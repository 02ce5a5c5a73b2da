package org.perturber.app;

import java.util.List;
import java.util.Set;
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
    private volatile long changedAt = System.nanoTime();
    private long lastChangeAt;
    private volatile String status = "";
    private final List<Runnable> statusListeners = new CopyOnWriteArrayList<>();
    /** Model inputs rendered for recent states, shared by the views (each would otherwise render its own). */
    private final java.util.Map<Object, java.util.concurrent.CompletableFuture<org.perturber.core.image.RgbImage>> inputs =
            java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>(16, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(
                        java.util.Map.Entry<Object, java.util.concurrent.CompletableFuture<org.perturber.core.image.RgbImage>> e) {
                    return size() > 8;
                }
            });
    private final java.util.Deque<PerturbationStack> undo = new java.util.ArrayDeque<>();
    private final java.util.Deque<PerturbationStack> redo = new java.util.ArrayDeque<>();

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
        changedAt = System.nanoTime();
        fire();
    }

    /** When the scene or stack last changed (System.nanoTime): views measure their end-to-end latency from it. */
    public long changedAt() {
        return changedAt;
    }

    /** A model's latest result and the image it was given, for the state that changed at {@code changedAt}. */
    public record Published(long changedAt, org.perturber.core.image.RgbImage input,
            org.perturber.core.model.InferenceResult result) {
    }

    private final java.util.Map<String, java.util.Map<String, java.util.Set<String>>> wanted =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.Map<String, Published> published = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<Runnable> resultListeners = new CopyOnWriteArrayList<>();

    /**
     * A view asks for activations of {@code layers} of a model in the Predictions view's request, so that one
     * forward pass serves both (replaces what the view asked for before; empty to withdraw).
     */
    public void want(String view, String modelKey, java.util.Set<String> layers) {
        wanted.computeIfAbsent(modelKey, k -> new java.util.concurrent.ConcurrentHashMap<>()).put(view, Set.copyOf(
                layers));
    }

    /** The layers any view wants with a model's predictions. */
    public java.util.Set<String> wantedLayers(String modelKey) {
        java.util.Set<String> all = new java.util.TreeSet<>();
        wanted.getOrDefault(modelKey, java.util.Map.of()).values().forEach(all::addAll);
        return all;
    }

    // "predictions first": the state whose predictions are being computed, and the last one shown
    private final Object predictionsLock = new Object();
    private long predictionsPendingFor;
    private long predictionsShownFor;

    /** The Predictions view starts computing the predictions of the state that changed at {@code stateChangedAt}. */
    public void predictionsPending(long stateChangedAt) {
        synchronized (predictionsLock) {
            predictionsPendingFor = Math.max(predictionsPendingFor, stateChangedAt);
        }
    }

    /** The Predictions view has painted (or given up on) the predictions of that state. */
    public void predictionsShown(long stateChangedAt) {
        synchronized (predictionsLock) {
            predictionsShownFor = Math.max(predictionsShownFor, stateChangedAt);
            predictionsLock.notifyAll();
        }
    }

    /**
     * Views whose work is not on the path the user watches (activations, attribution, the scene's preview) call
     * this from their Job before starting: while the predictions of a newer state are being computed it waits, at
     * most {@code max}, so that they do not share the two cores with the render and the forward passes. Returns at
     * once when nothing is pending.
     */
    public void yieldToPredictions(java.time.Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        synchronized (predictionsLock) {
            while (predictionsShownFor < predictionsPendingFor) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return;
                }
                java.util.concurrent.TimeUnit.NANOSECONDS.timedWait(predictionsLock, left);
            }
        }
    }

    /** The Predictions view publishes each model's result, with the state it belongs to. */
    public void publish(String modelKey, long stateChangedAt, org.perturber.core.image.RgbImage input,
            org.perturber.core.model.InferenceResult result) {
        published.put(modelKey, new Published(stateChangedAt, input, result));
        resultListeners.forEach(Runnable::run);
    }

    /** The latest published result of a model, or null. */
    public Published published(String modelKey) {
        return published.get(modelKey);
    }

    public void addResultListener(Runnable l) {
        resultListeners.add(l);
    }

    public void removeResultListener(Runnable l) {
        resultListeners.remove(l);
    }

    /** Rendered and image-perturbed model inputs by (scene, stack, size): see {@link ModelInputs}. */
    public java.util.Map<Object, java.util.concurrent.CompletableFuture<org.perturber.core.image.RgbImage>> inputCache() {
        return inputs;
    }

    /** The status line (device, latency), shown in the window's status bar. */
    public String status() {
        return status;
    }

    public void setStatus(String text) {
        status = text;
        statusListeners.forEach(Runnable::run);
    }

    public void addStatusListener(Runnable l) {
        statusListeners.add(l);
    }

    public void removeStatusListener(Runnable l) {
        statusListeners.remove(l);
    }

    /** The perturbations applied to the scene, in the user's order (they apply by stage). */
    public PerturbationStack stack() {
        return stack;
    }

    public void setStack(PerturbationStack newStack) {
        if (!newStack.equals(stack)) {
            undo.push(stack);
            redo.clear();
        }
        stack = newStack;
        changedAt = System.nanoTime();
        fire();
    }

    /** Takes back the last stack edit; false when there is none. */
    public boolean undo() {
        if (undo.isEmpty()) {
            return false;
        }
        redo.push(stack);
        stack = undo.pop();
        changedAt = System.nanoTime();
        fire();
        return true;
    }

    public boolean redo() {
        if (redo.isEmpty()) {
            return false;
        }
        undo.push(stack);
        stack = redo.pop();
        changedAt = System.nanoTime();
        fire();
        return true;
    }

    /**
     * Sets the stack after one numeric parameter changed (a slider moved). A drag is one edit: changes of the same
     * parameter in quick succession undo together.
     */
    public void setStack(PerturbationStack newStack, Change change) {
        long now = System.nanoTime();
        boolean sameDrag = lastChange != null && lastChange.label().equals(change.label())
                && now - lastChangeAt < 1_500_000_000L && !undo.isEmpty();
        lastChange = change;
        lastChangeAt = now;
        if (sameDrag) {
            stack = newStack;
            redo.clear();
            changedAt = now;
            fire();
        } else {
            setStack(newStack);
        }
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
