package org.perturber.app.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.core.runtime.ILogListener;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Platform;
import org.eclipse.core.runtime.Status;
import org.eclipse.e4.ui.bindings.keys.KeyBindingDispatcher;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.eclipse.e4.ui.workbench.modeling.IWindowCloseHandler;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.dnd.Clipboard;
import org.eclipse.swt.dnd.TextTransfer;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.TreeItem;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.osgi.framework.FrameworkUtil;
import org.perturber.app.SessionChanges;
import org.perturber.app.WorkbenchPreferences;
import org.perturber.app.handlers.QuitHandler;
import org.perturber.app.handlers.SessionHandlers;
import org.perturber.app.parts.ErrorLogPart;
import org.perturber.app.parts.HelpPart;

/**
 * Eclipse conventions through the menus: the Error Log, Window > Preferences, Help > Guide, Show view and Reset
 * perspective, key bindings under a modal dialog, and the question before quitting with unsaved changes.
 */
class WorkbenchConventionsTest extends WorkbenchTest {
    static final String ERROR_LOG = "org.perturber.app.part.errorLog";
    static final String HELP = "org.perturber.app.part.help";

    @BeforeEach
    void closeHandlerInPlace() throws InterruptedException {
        // the window's close handler is set once the workbench reports its start complete
        wb.await("the window's close handler", () -> wb.window().getContext().get(
                IWindowCloseHandler.class) instanceof QuitHandler.WindowClose);
    }

    /** Presses a dialog's button by its label. */
    void press(Shell dialog, String label) {
        wb.ui(() -> {
            Button button = RunningWorkbench.controls(dialog, Button.class).stream().filter(b -> b.getText()
                    .replace("&", "").equals(label)).findFirst().orElseThrow();
            button.notifyListeners(SWT.Selection, new Event());
        });
    }

    @Test
    void theErrorLogListsAReportedProblemWithDetailsCopyAndClear() throws InterruptedException {
        wb.ui(() -> wb.menuItem("Help", "Error Log").notifyListeners(SWT.Selection, new Event()));
        wb.await("the Error Log", () -> wb.part(ERROR_LOG) != null && wb.part(ERROR_LOG).getWidget() != null);
        ErrorLogPart log = wb.ui(() -> (ErrorLogPart) wb.part(ERROR_LOG).getObject());
        // a problem as any bundle logs it (a failed Job, a handler's exception)
        Platform.getLog(FrameworkUtil.getBundle(getClass())).log(Status.error("Sweep wrote nothing: disk full",
                new IllegalStateException("no space left on /tmp/sweep")));
        wb.await("the problem's row", () -> Arrays.stream(log.table().getItems()).anyMatch(i -> i.getText(2).equals(
                "Sweep wrote nothing: disk full")));
        assertEquals("org.perturber.app.tests", wb.ui(() -> log.table().getItem(0).getText(1)), "its source");
        assertTrue(wb.ui(() -> log.details().getText().isEmpty()), "details on demand only");
        wb.ui(() -> {
            log.table().setSelection(0);
            log.table().notifyListeners(SWT.DefaultSelection, new Event()); // a double-click
        });
        String details = wb.ui(() -> log.details().getText());
        assertTrue(details.contains("IllegalStateException: no space left on /tmp/sweep") && details.contains(
                "\tat "), "the stack trace: " + details);

        wb.ui(() -> log.copy());
        String copied = wb.ui(() -> {
            Clipboard clipboard = new Clipboard(wb.display());
            try {
                return (String) clipboard.getContents(TextTransfer.getInstance());
            } finally {
                clipboard.dispose();
            }
        });
        assertNotNull(copied);
        assertTrue(copied.contains("Sweep wrote nothing: disk full") && copied.contains("no space left"), copied);

        wb.ui(() -> RunningWorkbench.controls((Control) wb.part(ERROR_LOG).getWidget(), Button.class).stream()
                .filter(b -> b.getText().equals("Clear")).findFirst().orElseThrow().notifyListeners(SWT.Selection,
                        new Event()));
        wb.await("an empty log", () -> log.table().getItemCount() == 0);
    }

    @Test
    void preferencesAreChosenInTheDialogAndKeptInTheInstancePreferences() throws Exception {
        var node = WorkbenchPreferences.node();
        try {
            wb.clickLater(wb.ui(() -> wb.menuItem("Window", "Preferences...")));
            Shell dialog = wb.shell("Preferences");
            wb.ui(() -> {
                Spinner topK = RunningWorkbench.controls(dialog, Spinner.class).get(0);
                assertEquals(WorkbenchPreferences.TOP_K_DEFAULT, topK.getSelection());
                topK.setSelection(7);
                Combo device = RunningWorkbench.controls(dialog, Combo.class).get(0);
                assertEquals(List.of("auto", "cpu", "gpu"), List.of(device.getItems()));
                device.select(1);
                // the default models: the built-in ones, "standard" checked
                Button standard = RunningWorkbench.controls(dialog, Button.class).stream().filter(b -> b.getText()
                        .equals("standard")).findFirst().orElseThrow();
                assertTrue(standard.getSelection());
            });
            assertTrue(wb.ui(() -> RunningWorkbench.controls(dialog, org.eclipse.swt.widgets.Label.class).stream()
                    .anyMatch(l -> l.getText().startsWith("Available now: "))), "what the engines offer");
            press(dialog, "OK");
            wb.await("the dialog to close", () -> dialog.isDisposed());
            assertEquals(7, WorkbenchPreferences.topK());
            assertEquals("cpu", node.get(WorkbenchPreferences.DEVICE, null));
            assertEquals(List.of("standard"), WorkbenchPreferences.defaultModels());

            // Cancel keeps what was there
            wb.clickLater(wb.ui(() -> wb.menuItem("Window", "Preferences...")));
            Shell again = wb.shell("Preferences");
            wb.ui(() -> RunningWorkbench.controls(again, Spinner.class).get(0).setSelection(3));
            press(again, "Cancel");
            wb.await("the dialog to close", () -> again.isDisposed());
            assertEquals(7, WorkbenchPreferences.topK());
        } finally {
            node.remove(WorkbenchPreferences.TOP_K);
            node.remove(WorkbenchPreferences.DEVICE);
            node.remove(WorkbenchPreferences.DEFAULT_MODELS);
            node.remove(WorkbenchPreferences.SWEEP_OUTPUT_FOLDER);
            node.flush();
        }
    }

    @Test
    void theGuideDescribesEachViewAndEachPerturbationWithItsUnits() throws InterruptedException {
        wb.ui(() -> wb.menuItem("Help", "Guide").notifyListeners(SWT.Selection, new Event()));
        wb.await("the Help view", () -> wb.part(HELP) != null && wb.part(HELP).getWidget() != null);
        HelpPart help = wb.ui(() -> (HelpPart) wb.part(HELP).getObject());
        assertTrue(wb.ui(() -> wb.parts().getActivePart() == wb.part(HELP)), "Help > Guide activates it");
        TreeItem models = wb.ui(() -> Arrays.stream(help.topics().getItem(0).getItems()).filter(i -> i.getText()
                .equals("Models")).findFirst().orElseThrow());
        select(help, models);
        String page = wb.ui(() -> help.page().getText());
        assertTrue(page.startsWith("Models") && page.contains("Remove"), page);

        wb.await("the perturbations", () -> help.topics().getItem(1).getItemCount() > 0);
        TreeItem camera = wb.ui(() -> Arrays.stream(help.topics().getItem(1).getItems()).filter(i -> i.getText()
                .equals("camera")).findFirst().orElseThrow().getItem(0));
        select(help, camera);
        page = wb.ui(() -> help.page().getText());
        assertTrue(page.contains("Azimuth: from -180 to 180 deg") && page.contains("Stage: scene"), page);
        assertFalse(page.contains("(no description)"), "its description from plugin.xml: " + page);
    }

    @Test
    void aboutGivesTheVersionAndTheEngines() throws InterruptedException {
        wb.clickLater(wb.ui(() -> wb.menuItem("Help", "About Perturber")));
        Shell about = wb.shell("About Perturber");
        String text = wb.ui(() -> String.join("\n", RunningWorkbench.controls(about,
                org.eclipse.swt.widgets.Label.class).stream().map(org.eclipse.swt.widgets.Label::getText).toList()));
        assertTrue(text.contains("Perturber 0.1.0") && text.contains("Engines: mxnet") && text.contains(
                "Renderer: "), text);
        press(about, "OK");
        wb.await("the dialog to close", () -> about.isDisposed());
    }

    /** The default models preference decides what the next start loads. */
    @Test
    void theDefaultModelsPreferenceIsWhatTheNextStartLoads() throws Exception {
        var node = WorkbenchPreferences.node();
        try {
            node.put(WorkbenchPreferences.DEFAULT_MODELS, "standard, adversarial");
            node.flush();
            RunningWorkbench.closeShared();
            wb = RunningWorkbench.shared();
            wb.await("both default models", () -> wb.session().models().stream().map(m -> m.descriptor().id())
                    .toList().equals(List.of("standard", "adversarial")));
            assertFalse(wb.application().getContext().get(SessionChanges.class).dirty(), "nothing to save yet");
        } finally {
            node.remove(WorkbenchPreferences.DEFAULT_MODELS);
            node.flush();
        }
    }

    void select(HelpPart help, TreeItem item) {
        wb.ui(() -> {
            help.topics().setSelection(item);
            Event e = new Event();
            e.item = item;
            help.topics().notifyListeners(SWT.Selection, e);
        });
    }

    @Test
    void showViewBringsAClosedViewBack() throws InterruptedException {
        wb.show(ERROR_LOG);
        MPart part = wb.ui(() -> wb.part(ERROR_LOG));
        wb.ui(() -> wb.parts().hidePart(part)); // as its tab's close button does
        assertFalse(wb.ui(() -> part.isToBeRendered() && part.getWidget() != null), "closed");

        wb.clickLater(wb.ui(() -> wb.menuItem("Window", "Show view...")));
        Shell dialog = wb.shell("Show view");
        wb.ui(() -> {
            org.eclipse.swt.widgets.List list = RunningWorkbench.controls(dialog, org.eclipse.swt.widgets.List.class)
                    .get(0);
            assertTrue(Arrays.asList(list.getItems()).contains("Models"), Arrays.toString(list.getItems()));
            int index = Arrays.asList(list.getItems()).indexOf("Error Log  (closed)");
            assertTrue(index >= 0, Arrays.toString(list.getItems()));
            list.select(index);
        });
        press(dialog, "OK");
        wb.await("the Error Log back", () -> part.isToBeRendered() && part.getWidget() != null && wb.parts()
                .getActivePart() == part);
    }

    @Test
    void resetPerspectivePutsBackClosedViewsAndSashes() throws InterruptedException {
        EModelService models = wb.application().getContext().get(EModelService.class);
        wb.show(HELP);
        MPart help = wb.ui(() -> wb.part(HELP));
        var columns = wb.ui(() -> models.find("org.perturber.app.explore.left", wb.window())); // beside the rows
        String data = wb.ui(() -> columns.getContainerData());
        wb.ui(() -> {
            wb.parts().hidePart(help);
            columns.setContainerData("85"); // as dragging the sash does
        });
        wb.ui(() -> wb.menuItem("Window", "Reset perspective").notifyListeners(SWT.Selection, new Event()));
        assertEquals(data, wb.ui(() -> columns.getContainerData()));
        wb.await("the Help view back", () -> help.isToBeRendered() && help.getWidget() != null);
    }

    @Test
    void ctrlOUnderAnErrorDialogDoesNothingAndLogsNothing() throws InterruptedException {
        List<IStatus> logged = new ArrayList<>();
        ILogListener listener = (status, plugin) -> logged.add(status);
        PrintStream err = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Platform.addLogListener(listener);
        Shell main = wb.ui(() -> (Shell) wb.window().getWidget());
        assertTrue(wb.ui(() -> new SessionHandlers.Open().canExecute()), "without a dialog, Ctrl+O opens");
        wb.ui(() -> wb.display().asyncExec(() -> MessageDialog.openError(main, "Broken thing", "Something failed.")));
        Shell dialog = wb.shell("Broken thing");
        try {
            System.setErr(new PrintStream(printed, true));
            wb.ui(() -> {
                KeyBindingDispatcher dispatcher = (KeyBindingDispatcher) wb.application().getContext().get(
                        KeyBindingDispatcher.class.getName());
                assertNotNull(dispatcher, "the workbench's key binding dispatcher");
                Event ctrlO = new Event();
                ctrlO.type = SWT.KeyDown;
                ctrlO.widget = RunningWorkbench.controls(dialog, Button.class).get(0);
                ctrlO.display = wb.display();
                ctrlO.keyCode = 'o';
                ctrlO.character = (char) ('o' & 0x1f);
                ctrlO.stateMask = SWT.MOD1;
                dispatcher.getKeyDownFilter().handleEvent(ctrlO);
            });
            wb.ui(() -> {
                // the key's work, if any, runs now
            });
            assertFalse(wb.ui(() -> new SessionHandlers.Open().canExecute()), "under a modal dialog it does not");
            assertEquals(1, wb.ui(() -> Arrays.stream(wb.display().getShells()).filter(s -> s.isVisible() && s
                    != main).count()), "no second dialog");
        } finally {
            System.setErr(err);
            Platform.removeLogListener(listener);
            press(dialog, "OK");
        }
        assertEquals(List.of(), logged, "nothing logged");
        assertFalse(printed.toString().contains("@Execute"), printed.toString());
    }

    @Test
    void quittingWithAnUnsavedEditAsksAndCancelKeepsTheWorkbench() throws InterruptedException {
        SessionChanges changes = wb.application().getContext().get(SessionChanges.class);
        assertFalse(changes.dirty());
        ExploreViewsTest.addFromMenu(wb, "Image", "Fade to black");
        assertTrue(changes.dirty(), "an edit is a change");
        wb.await("the unsaved mark in the title", () -> wb.window().getLabel().startsWith("*"));

        wb.clickLater(wb.ui(() -> wb.menuItem("File", "Quit")));
        Shell question = wb.shell(QuitHandler.TITLE);
        assertTrue(wb.ui(() -> RunningWorkbench.controls(question, org.eclipse.swt.widgets.Label.class).stream()
                .anyMatch(l -> l.getText().startsWith(QuitHandler.QUESTION))));
        press(question, "Cancel");
        wb.await("the question to close", () -> question.isDisposed());
        Thread.sleep(300);
        assertTrue(wb.ui(() -> !((Shell) wb.window().getWidget()).isDisposed() && wb.window().getWidget() != null),
                "still running");
        assertTrue(changes.dirty(), "the edit is kept");

        // the window's close button asks the same; "Don't save" lets it close
        assertEquals(Boolean.TRUE, closeWindow("Don't save"));
    }

    @Test
    void closingTheWindowWithNoEditAsksNothing() throws InterruptedException {
        SessionChanges changes = wb.application().getContext().get(SessionChanges.class);
        assertFalse(changes.dirty());
        assertEquals(Boolean.TRUE, closeWindow(null));
        // an edit undone is no change either
        wb.ui(() -> wb.session().setStack(wb.session().stack().add(org.perturber.core.perturbation.StackEntry.of(
                "org.perturber.perturbation.image.fadeToBlack"))));
        assertTrue(changes.dirty());
        wb.ui(() -> wb.session().undo());
        assertFalse(changes.dirty());
        wb.await("no mark in the title", () -> !wb.window().getLabel().startsWith("*"));
    }

    /**
     * Asks the window's close handler (what its close button runs) whether it may close, answering its question
     * with {@code answer} (null: expects none); the workbench itself stays open.
     */
    Boolean closeWindow(String answer) throws InterruptedException {
        IWindowCloseHandler handler = wb.window().getContext().get(IWindowCloseHandler.class);
        AtomicReference<Boolean> result = new AtomicReference<>();
        wb.ui(() -> wb.display().asyncExec(() -> result.set(handler.close(wb.window()))));
        if (answer != null) {
            Shell question = wb.shell(QuitHandler.TITLE);
            press(question, answer);
        }
        wb.await("the close handler's answer", () -> result.get() != null);
        assertFalse(wb.ui(() -> Arrays.stream(wb.display().getShells()).anyMatch(s -> s.isVisible() && QuitHandler
                .TITLE.equals(s.getText()))));
        return result.get();
    }
}
