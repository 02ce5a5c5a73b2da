package org.perturber.app.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Spinner;
import org.junit.jupiter.api.Test;
import org.perturber.app.WorkbenchPreferences;
import org.perturber.core.perturbation.TimeBudgets;

/**
 * Window > Preferences sets how long a call into a perturbation may take: shown with the defaults, kept in the
 * instance preferences and in force for the stacks made from then on (the live loop's and sweeps').
 */
class TimeBudgetPreferenceTest extends WorkbenchTest {
    private void press(Shell dialog, String label) {
        wb.ui(() -> {
            Button button = RunningWorkbench.controls(dialog, Button.class).stream().filter(b -> b.getText()
                    .replace("&", "").equals(label)).findFirst().orElseThrow();
            button.notifyListeners(SWT.Selection, new Event());
        });
    }

    @Test
    void theTimeBudgetsAreSetInThePreferencesAndApplyToTheStacksMadeAfter() throws Exception {
        var node = WorkbenchPreferences.node();
        try {
            assertEquals(TimeBudgets.DEFAULTS, TimeBudgets.current(), "the defaults at start");
            wb.clickLater(wb.ui(() -> wb.menuItem("Window", "Preferences...")));
            Shell dialog = wb.shell("Preferences");
            wb.ui(() -> {
                // the Predictions view's top-k first, then the two budgets, in tenths of a second
                var spinners = RunningWorkbench.controls(dialog, Spinner.class);
                assertEquals(3, spinners.size());
                assertEquals(100, spinners.get(1).getSelection(), "10 s for scene and image perturbations");
                assertEquals(3000, spinners.get(2).getSelection(), "300 s for attacks");
                spinners.get(1).setSelection(25);
                spinners.get(2).setSelection(1200);
            });
            press(dialog, "OK");
            wb.await("the dialog to close", () -> dialog.isDisposed());
            assertEquals("2.5", node.get(WorkbenchPreferences.TIME_BUDGET, null));
            assertEquals("120", node.get(WorkbenchPreferences.ATTACK_TIME_BUDGET, null));
            assertEquals(new TimeBudgets(Duration.ofMillis(2500), Duration.ofMillis(2500), Duration.ofSeconds(120)),
                    TimeBudgets.current());

            // Cancel changes nothing
            wb.clickLater(wb.ui(() -> wb.menuItem("Window", "Preferences...")));
            Shell again = wb.shell("Preferences");
            wb.ui(() -> RunningWorkbench.controls(again, Spinner.class).get(1).setSelection(0));
            press(again, "Cancel");
            wb.await("the dialog to close", () -> again.isDisposed());
            assertEquals(Duration.ofMillis(2500), TimeBudgets.current().image());
        } finally {
            node.remove(WorkbenchPreferences.TIME_BUDGET);
            node.remove(WorkbenchPreferences.ATTACK_TIME_BUDGET);
            node.flush();
            WorkbenchPreferences.applyTimeBudgets();
        }
        assertEquals(TimeBudgets.DEFAULTS, TimeBudgets.current());
    }
}
