package org.perturber.flipsearch.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.core.runtime.NullProgressMonitor;
import org.eclipse.core.runtime.OperationCanceledException;
import org.junit.jupiter.api.Test;
import org.perturber.core.inference.LoadedModel;
import org.perturber.core.perturbation.PerturbationStack;
import org.perturber.flipsearch.FlipParameter;
import org.perturber.flipsearch.FlipSettings;

/** A search reports its progress per parameter and stops soon after it is cancelled. */
class CancelAndProgressTest {
    /** Records what the search says; cancels once it has been told about {@code cancelAfter} parameters. */
    private static final class Recording extends NullProgressMonitor {
        final List<String> subTasks = new ArrayList<>();
        final int cancelAfter;
        int total;
        int worked;

        Recording(int cancelAfter) {
            this.cancelAfter = cancelAfter;
        }

        @Override
        public void beginTask(String name, int totalWork) {
            total = totalWork;
        }

        @Override
        public void subTask(String name) {
            subTasks.add(name);
            if (subTasks.size() >= cancelAfter) {
                setCanceled(true);
            }
        }

        @Override
        public void worked(int work) {
            worked += work;
        }
    }

    private static List<FlipParameter> parameters() {
        PerturbationStack s = PerturbationStack.EMPTY;
        return List.of(Searches.parameter(s, Searches.FADE, "amount"), Searches.parameter(s, Searches.BLUR, "sigma"),
                Searches.parameter(s, Searches.CAMERA, "elevation"), Searches.parameter(s, Searches.CAMERA, "roll"));
    }

    @Test
    void progressNamesEachParameterAndReachesTheTotal() throws Exception {
        LoadedModel model = Searches.model("standard");
        Recording monitor = new Recording(Integer.MAX_VALUE);
        List<FlipParameter> parameters = parameters();
        Searches.search(FlipSettings.DEFAULT).search(Searches.scene("mug"), PerturbationStack.EMPTY, List.of(model),
                parameters, monitor);
        assertEquals(parameters.stream().map(FlipParameter::label).toList(), monitor.subTasks);
        assertTrue(monitor.total > 0 && monitor.worked >= monitor.total * 0.9 && monitor.worked <= monitor.total,
                monitor.worked + " of " + monitor.total);
    }

    @Test
    void aCancelledSearchStopsBeforeTheNextParameter() throws Exception {
        LoadedModel model = Searches.model("standard");
        Recording monitor = new Recording(2);
        assertThrows(OperationCanceledException.class, () -> Searches.search(FlipSettings.DEFAULT).search(Searches
                .scene("mug"), PerturbationStack.EMPTY, List.of(model), parameters(), monitor));
        assertEquals(2, monitor.subTasks.size(), "went on after the cancel: " + monitor.subTasks);
    }
}
