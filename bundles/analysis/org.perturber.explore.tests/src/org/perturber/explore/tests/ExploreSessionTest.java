package org.perturber.explore.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.perturber.core.perturbation.PerturbationStack;
import org.perturber.core.perturbation.StackEntry;
import org.perturber.core.scene.MeshRef;
import org.perturber.core.scene.Scene;
import org.perturber.core.scene.SceneObject;
import org.perturber.explore.ExploreSession;
import org.perturber.explore.ExploreState;
import org.perturber.explore.SessionEvent;

/** The session: undo and redo (a drag is one edit), and events that say what changed. */
class ExploreSessionTest {
    private static final String FADE = "org.perturber.perturbation.image.fadeToBlack";

    @Test
    void aSliderDragUndoesAsOneEditAndRedoComesBack() {
        ExploreSession s = new ExploreSession();
        PerturbationStack one = PerturbationStack.EMPTY.add(StackEntry.of(FADE));
        s.setStack(one);
        for (double v = 0.1; v <= 0.5; v += 0.1) { // a drag: many changes of one parameter
            s.setStack(one.set(0, one.entries().get(0).with("amount", v)), new ExploreState.Change(0, FADE, "amount",
                    "Fade: amount", v));
        }
        assertEquals(0.5, (Double) s.stack().entries().get(0).values().get("amount"), 1e-9);
        assertTrue(s.undo());
        assertEquals(one, s.stack(), "the whole drag is undone at once");
        assertTrue(s.undo());
        assertEquals(PerturbationStack.EMPTY, s.stack());
        assertFalse(s.undo());
        assertTrue(s.redo());
        assertTrue(s.redo());
        assertEquals(0.5, (Double) s.stack().entries().get(0).values().get("amount"), 1e-9);
        assertFalse(s.redo());
    }

    @Test
    void eventsSayWhatChangedAndCarryANewerState() {
        ExploreSession s = new ExploreSession();
        List<SessionEvent> events = new ArrayList<>();
        s.addListener(events::add);
        s.setStack(PerturbationStack.EMPTY.add(StackEntry.of(FADE)));
        s.setAttackSource("m#1");
        s.setPins(new ExploreSession.Pins("m#1", "block1", new java.util.TreeSet<>(List.of(3))));
        s.reportModelProblem("no such model");
        assertEquals(List.of(SessionEvent.Kind.STACK, SessionEvent.Kind.STACK, SessionEvent.Kind.PINS,
                SessionEvent.Kind.MODEL_PROBLEM), events.stream().map(SessionEvent::kind).toList());
        assertTrue(events.get(1).state().sequence() > events.get(0).state().sequence());
        assertEquals("m#1", s.state().attackSource());
        s.setAttackSource("m#1");
        assertEquals(4, events.size(), "setting what is already set changes nothing");
        assertTrue(s.undo());
        assertEquals(PerturbationStack.EMPTY, s.stack());
        assertEquals("m#1", s.state().attackSource(), "undo takes back stack edits only");
    }

    @Test
    void sceneEditsUndoInTurnWithStackEditsAndCameraDragsAreNotEdits() {
        ExploreSession s = new ExploreSession();
        Scene mug = Scene.of(SceneObject.of("mug", MeshRef.builtin("mug")));
        s.setScene(mug); // the first scene: nothing to undo
        PerturbationStack one = PerturbationStack.EMPTY.add(StackEntry.of(FADE));
        s.setStack(one);
        Scene teapot = mug.withObject(0, SceneObject.of("teapot", MeshRef.builtin("teapot")));
        List<SessionEvent> events = new ArrayList<>();
        s.addListener(events::add);
        s.editScene(teapot);
        Scene orbited = teapot.withCamera(teapot.camera().withOrbit(90, 10, 4));
        s.setScene(orbited); // a drag
        assertTrue(s.undo());
        assertEquals(mug, s.scene(), "the object choice undone (with the scene as it was then)");
        assertEquals(one, s.stack(), "the stack stays");
        assertEquals(SessionEvent.Kind.SCENE, events.get(events.size() - 1).kind());
        assertTrue(s.undo());
        assertEquals(PerturbationStack.EMPTY, s.stack());
        assertEquals(mug, s.scene());
        assertFalse(s.undo(), "setScene (the first scene, a drag) is no edit");
        assertTrue(s.redo());
        assertTrue(s.redo());
        assertEquals(orbited, s.scene(), "redo puts back the scene undo took");
        assertEquals(one, s.stack());
        s.editScene(orbited);
        assertTrue(s.undo());
        assertEquals(mug, s.scene(), "editing to the same scene is no edit");
    }
}
