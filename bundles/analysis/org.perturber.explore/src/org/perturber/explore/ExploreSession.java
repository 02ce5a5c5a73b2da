package org.perturber.explore;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.perturber.core.inference.LoadedModel;
import org.perturber.core.perturbation.PerturbationStack;
import org.perturber.core.scene.Scene;

/**
 * What an exploration is: the scene, the perturbation stack applied to it and the active models, with undo and redo
 * of stack edits (a slider drag is one edit) and of scene edits ({@link #editScene}: choosing the object, Reset
 * camera; camera drags are not edits). Each change makes a new {@link ExploreState} and tells listeners what
 * changed; the {@link ExplorePipeline} computes for the states, and views observe the pipeline's results. Listeners
 * are called on the thread that made the change.
 */
public final class ExploreSession {
    /** Changes of one parameter closer together than this undo as one edit (a drag). */
    private static final long DRAG_MERGE_NANOS = 1_500_000_000L;

    private final Object lock = new Object();
    private ExploreState state = new ExploreState(0, null, PerturbationStack.EMPTY, List.of(), null, System
            .nanoTime(), null);
    private final Deque<Edit> undo = new ArrayDeque<>();
    private final Deque<Edit> redo = new ArrayDeque<>();

    /** What undoing an edit puts back: the stack before a stack edit, or the scene before a scene edit. */
    private record Edit(Scene scene, PerturbationStack stack) {
    }
    private long lastChangeAt;
    private volatile String modelProblem;
    private final List<Consumer<SessionEvent>> listeners = new CopyOnWriteArrayList<>();

    /** The current state. */
    public ExploreState state() {
        synchronized (lock) {
            return state;
        }
    }

    /** The scene shown now, or null while the default scene is prepared. */
    public Scene scene() {
        return state().scene();
    }

    /** The perturbations applied to the scene, in the user's order (they apply by stage). */
    public PerturbationStack stack() {
        return state().stack();
    }

    /** The active models, in the order they were activated. */
    public List<LoadedModel> models() {
        return state().models();
    }

    /** When the state last changed (System.nanoTime). */
    public long changedAt() {
        return state().createdAt();
    }

    /** The last numeric parameter change, or null. */
    public ExploreState.Change lastChange() {
        return state().change();
    }

    public void setScene(Scene scene) {
        change(SessionEvent.Kind.SCENE, s -> new ExploreState(s.sequence() + 1, scene, s.stack(), s.models(), null,
                System.nanoTime(), s.attackSource()));
    }

    public void setStack(PerturbationStack stack) {
        change(SessionEvent.Kind.STACK, s -> {
            if (!stack.equals(s.stack())) {
                undo.push(new Edit(null, s.stack()));
                redo.clear();
            }
            return new ExploreState(s.sequence() + 1, s.scene(), stack, s.models(), null, System.nanoTime(),
                    s.attackSource());
        });
    }

    /**
     * Sets the stack after one numeric parameter changed (a slider moved). A drag is one edit: changes of the same
     * parameter in quick succession undo together.
     */
    public void setStack(PerturbationStack stack, ExploreState.Change change) {
        change(SessionEvent.Kind.STACK, s -> {
            long now = System.nanoTime();
            boolean sameDrag = change.sameParameter(s.change()) && now - lastChangeAt < DRAG_MERGE_NANOS
                    && !undo.isEmpty();
            lastChangeAt = now;
            if (!sameDrag && !stack.equals(s.stack())) {
                undo.push(new Edit(null, s.stack()));
            }
            redo.clear();
            return new ExploreState(s.sequence() + 1, s.scene(), stack, s.models(), change, now, s.attackSource());
        });
    }

    /** Replaces the scene as an edit the user can undo (choosing the object, Reset camera). */
    public void editScene(Scene scene) {
        change(SessionEvent.Kind.SCENE, s -> {
            if (scene.equals(s.scene())) {
                return null;
            }
            if (s.scene() != null) {
                undo.push(new Edit(s.scene(), null));
                redo.clear();
            }
            return new ExploreState(s.sequence() + 1, scene, s.stack(), s.models(), null, System.nanoTime(),
                    s.attackSource());
        });
    }

    /** Takes back the last stack or scene edit; false when there is none. */
    public boolean undo() {
        return move(undo, redo);
    }

    public boolean redo() {
        return move(redo, undo);
    }

    private boolean move(Deque<Edit> from, Deque<Edit> to) {
        ExploreState next;
        SessionEvent.Kind kind;
        synchronized (lock) {
            if (from.isEmpty()) {
                return false;
            }
            Edit edit = from.pop();
            ExploreState s = state;
            if (edit.scene() != null) {
                to.push(new Edit(s.scene(), null));
                next = new ExploreState(s.sequence() + 1, edit.scene(), s.stack(), s.models(), null, System
                        .nanoTime(), s.attackSource());
                kind = SessionEvent.Kind.SCENE;
            } else {
                to.push(new Edit(null, s.stack()));
                next = new ExploreState(s.sequence() + 1, s.scene(), edit.stack(), s.models(), null, System
                        .nanoTime(), s.attackSource());
                kind = SessionEvent.Kind.STACK;
            }
            state = next;
        }
        fire(new SessionEvent(kind, next));
        return true;
    }

    public void addModel(LoadedModel model) {
        change(SessionEvent.Kind.MODELS, s -> {
            if (s.models().stream().anyMatch(m -> m.key().equals(model.key()))) {
                return null;
            }
            modelProblem = null;
            List<LoadedModel> models = new java.util.ArrayList<>(s.models());
            models.add(model);
            return new ExploreState(s.sequence() + 1, s.scene(), s.stack(), models, null, System.nanoTime(),
                    s.attackSource());
        });
    }

    public void removeModel(LoadedModel model) {
        change(SessionEvent.Kind.MODELS, s -> {
            List<LoadedModel> models = new java.util.ArrayList<>(s.models());
            return models.removeIf(m -> m.key().equals(model.key())) ? new ExploreState(s.sequence() + 1, s.scene(),
                    s.stack(), models, null, System.nanoTime(), s.attackSource()) : null;
        });
    }

    /**
     * Makes the stack's attacks against one model and shows that image to every model of its input size (null:
     * each model is attacked itself): the transfer of an attack.
     */
    public void setAttackSource(String modelKey) {
        change(SessionEvent.Kind.STACK, s -> java.util.Objects.equals(modelKey, s.attackSource()) ? null
                : new ExploreState(s.sequence() + 1, s.scene(), s.stack(), s.models(), null, System.nanoTime(),
                        modelKey));
    }

    /** Why the last model failed to load (shown where predictions would be), or null. */
    public String modelProblem() {
        return modelProblem;
    }

    public void reportModelProblem(String problem) {
        modelProblem = problem;
        fire(new SessionEvent(SessionEvent.Kind.MODEL_PROBLEM, state()));
    }

    /** The input size of the first active model: what the scene view's model-input toggle shows. */
    public int modelInputSize() {
        List<LoadedModel> models = models();
        return models.isEmpty() ? 224 : models.get(0).descriptor().inputWidth();
    }

    /**
     * Channels of one layer of one model the user follows (pinned in the Activations view): the robustness curve
     * plots their mean activations beside the predictions.
     */
    public record Pins(String modelKey, String layer, java.util.SortedSet<Integer> channels) {
        public static final Pins NONE = new Pins("", "", new java.util.TreeSet<>());

        public Pins {
            channels = java.util.Collections.unmodifiableSortedSet(new java.util.TreeSet<>(channels));
        }

        public boolean isEmpty() {
            return channels.isEmpty();
        }
    }

    private volatile Pins pins = Pins.NONE;

    public Pins pins() {
        return pins;
    }

    public void setPins(Pins newPins) {
        if (!newPins.equals(pins)) {
            pins = newPins;
            fire(new SessionEvent(SessionEvent.Kind.PINS, state()));
        }
    }

    public void addListener(Consumer<SessionEvent> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<SessionEvent> listener) {
        listeners.remove(listener);
    }

    /** Applies a change under the lock (null: nothing changed) and tells the listeners outside it. */
    private void change(SessionEvent.Kind kind, java.util.function.UnaryOperator<ExploreState> update) {
        ExploreState next;
        synchronized (lock) {
            next = update.apply(state);
            if (next == null) {
                return;
            }
            state = next;
        }
        fire(new SessionEvent(kind, next));
    }

    private void fire(SessionEvent event) {
        for (Consumer<SessionEvent> l : listeners) {
            l.accept(event);
        }
    }
}
