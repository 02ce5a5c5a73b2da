package org.perturber.app.tests;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every workbench test class does around its tests: each test starts from the first window's state
 * ({@link RunningWorkbench#reset()}) of the shared workbench, which the class closes when done.
 */
abstract class WorkbenchTest {
    RunningWorkbench wb;

    @AfterAll
    static void closeWorkbench() throws InterruptedException {
        RunningWorkbench.closeShared();
    }

    @BeforeEach
    void firstWindow() throws InterruptedException {
        wb = RunningWorkbench.shared();
        wb.reset();
    }
}
