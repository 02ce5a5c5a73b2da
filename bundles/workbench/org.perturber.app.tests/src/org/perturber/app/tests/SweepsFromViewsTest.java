package org.perturber.app.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Scale;
import org.eclipse.swt.widgets.TableColumn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.perturber.app.WorkbenchPreferences;
import org.perturber.app.parts.PerturbationsPart;
import org.perturber.app.parts.SweepPart;

/**
 * Issue 16, sweeps from the UI: a stack entry's Sweep in the Compare perspective runs there (it did nothing), its
 * results go under the sweep output folder of the preferences (not the home directory), and the view shows them: the
 * folder's path, selectable, and the summary's table.
 */
class SweepsFromViewsTest extends WorkbenchTest {
    private static final String COMPARE = "org.perturber.app.perspective.compare";
    private static final String COMPARE_PERTURBATIONS = "org.perturber.app.part.compare.perturbations";
    private static final String SWEEPS = "org.perturber.app.part.sweeps";
    private final IEclipsePreferences preferences = WorkbenchPreferences.node();

    @AfterEach
    void defaultFolder() throws Exception {
        preferences.remove(WorkbenchPreferences.SWEEP_OUTPUT_FOLDER);
        preferences.flush();
    }

    private static Set<Path> list(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return Set.of();
        }
        try (Stream<Path> s = Files.list(folder)) {
            return s.collect(Collectors.toSet());
        }
    }

    @Test
    void sweepInCompareRunsIntoThePreferredFolderAndShowsItsResults() throws Exception {
        Path folder = Files.createTempDirectory("perturber-sweep-folder");
        preferences.put(WorkbenchPreferences.SWEEP_OUTPUT_FOLDER, folder.toString());
        Path home = Path.of(System.getProperty("user.home"), ".perturber", "sweeps");
        Set<Path> inHome = list(home);
        wb.ui(() -> wb.parts().switchPerspective(COMPARE));
        PerturbationsPart editor = wb.show(COMPARE_PERTURBATIONS);
        Control root = wb.ui(() -> (Control) wb.partIn(COMPARE, COMPARE_PERTURBATIONS).getWidget());
        wb.ui(() -> {
            Button add = RunningWorkbench.controls(root, Button.class).stream().filter(b -> b.getText().startsWith(
                    "Add perturbation")).findFirst().orElseThrow();
            RunningWorkbench.choose(add.getMenu(), "Image", "Fade to black");
        });
        wb.await("Compare's three variants", () -> wb.session().models().size() == 3);
        wb.await("the new entry's controls", () -> editor.entryCount() == 1 && !RunningWorkbench.controls(root,
                Scale.class).isEmpty());
        wb.ui(() -> RunningWorkbench.click(RunningWorkbench.controls(root, Button.class).stream().filter(b -> b
                .getText().equals("Sweep")).findFirst().orElseThrow()));

        wb.await("the Sweeps view in Compare", () -> wb.partIn(COMPARE, SWEEPS) != null);
        SweepPart sweeps = wb.ui(() -> (SweepPart) wb.partIn(COMPARE, SWEEPS).getObject());
        assertTrue(wb.ui(() -> wb.parts().getActivePart() == wb.partIn(COMPARE, SWEEPS)),
                "the sweep shows in the perspective the user is in");
        wb.await("the sweep's marker", () -> sweeps.staleShown() || sweeps.status().contains("done"));
        wb.await("the sweep's end", () -> sweeps.status().contains("done") || sweeps.status().contains("fail"));
        assertTrue(wb.ui(sweeps::status).contains("done"), wb.ui(sweeps::status));
        // the marker hears of the end from the Job's listener, just after the status line: it goes, soon
        wb.await("the marker gone once the sweep is done", () -> !sweeps.staleShown());

        Path results = sweeps.resultsFolder();
        assertTrue(results.startsWith(folder), "under the preference's folder: " + results);
        assertTrue(Files.size(results.resolve("samples.csv")) > 0);
        assertTrue(Files.exists(results.resolve("summary.csv")));
        assertEquals(inHome, list(home), "nothing written under the home directory");
        assertEquals(results.toString(), wb.ui(() -> sweeps.resultsPath().getText()), "the path, selectable");
        List<String> columns = wb.ui(() -> Stream.of(sweeps.resultsTable().getColumns()).map(TableColumn::getText)
                .toList());
        assertEquals(List.of("factor", "bin", "model", "n"), columns.subList(0, 4), "summary.csv's: " + columns);
        int rows = wb.ui(() -> sweeps.resultsTable().getItemCount());
        assertEquals(11 * 3, rows, "11 levels of 3 models (Compare's variants)");
    }

    @Test
    void withoutAPreferenceSessionSweepsGoToTheWorkspace() {
        Path root = SweepPart.outputRoot();
        assertEquals("sweeps", root.getFileName().toString());
        assertTrue(!root.startsWith(Path.of(System.getProperty("user.home"), ".perturber")), "" + root);
    }
}
