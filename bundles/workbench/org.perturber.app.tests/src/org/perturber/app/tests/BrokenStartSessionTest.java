package org.perturber.app.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturber.app.DefaultScene;
import org.perturber.app.ProblemLog;
import org.perturber.app.parts.ErrorLogPart;
import org.perturber.app.parts.StatusControl;
import org.perturber.core.perturbation.PerturbationStack;
import org.perturber.core.perturbation.StackEntry;
import org.perturber.core.scene.MeshRef;
import org.perturber.core.scene.Scene;
import org.perturber.core.scene.SceneObject;
import org.perturber.core.service.Services;
import org.perturber.core.session.SessionFile;
import org.perturber.objects.BuiltinObjects;

/**
 * The workbench started with {@code -Dperturber.session=FILE} naming a broken session (an infinite noise level in its
 * stack): it comes up with the default scene and the built-in default model, and says why in the Error Log (shown)
 * and in the status bar. The workbench is started here in the test runtime with the property set, as
 * {@code PERTURBER_VMARGS=-Dperturber.session=FILE releng/perturber} sets it for the product.
 */
class BrokenStartSessionTest {
    private static final String NOISE = "org.perturber.perturbation.image.gaussianNoise";
    @TempDir
    static Path dir;
    static Path session;
    static RunningWorkbench wb;

    @BeforeAll
    static void startWithABrokenSession() throws Exception {
        session = dir.resolve("infinite-noise.perturber.json");
        Scene elsewhere = Scene.of(SceneObject.of("vase", MeshRef.builtin("vase")));
        SessionFile.write(session, elsewhere, PerturbationStack.EMPTY.add(StackEntry.of(NOISE).with("sigma",
                0.123456)), java.util.List.of());
        Files.writeString(session, Files.readString(session).replace("0.123456", "Infinity"));
        wb = RunningWorkbench.startedWithSession(session);
    }

    @AfterAll
    static void close() throws InterruptedException {
        RunningWorkbench.closeShared();
    }

    @Test
    void theDefaultSceneAndModelComeUpAndTheProblemIsShown() throws Exception {
        Scene standard = DefaultScene.create(Services.await(BuiltinObjects.class, Duration.ofSeconds(30)));
        wb.await("the default scene", () -> standard.equals(wb.session().scene()));
        wb.await("the default model", () -> wb.session().models().stream().anyMatch(m -> m.descriptor().id().equals(
                "standard")));
        assertEquals(PerturbationStack.EMPTY, wb.session().stack(), "nothing of the broken session's stack");

        String problem = "stack.perturbations[0].values.sigma: the parameter sigma of stack entry 1 (" + NOISE
                + ") must be a finite number, got Infinity";
        ProblemLog log = wb.application().getContext().get(ProblemLog.class);
        assertEquals(1, log.problems().stream().filter(p -> p.source().equals(session.toString()) && p.message()
                .contains(problem)).count(), log.problems().toString());
        // the Error Log is brought up with its row
        wb.await("the Error Log shown", () -> wb.part(BrokenSessionTest.ERROR_LOG) != null && wb.part(
                BrokenSessionTest.ERROR_LOG).getWidget() instanceof org.eclipse.swt.widgets.Control c && c
                        .isVisible());
        ErrorLogPart part = wb.ui(() -> (ErrorLogPart) wb.part(BrokenSessionTest.ERROR_LOG).getObject());
        wb.await("its row", () -> Arrays.stream(part.table().getItems()).anyMatch(i -> i.getText(1).equals(session
                .toString()) && i.getText(2).contains("Could not open the session") && i.getText(2).contains(
                        "stack.perturbations[0].values.sigma")));
        // and the status bar keeps saying it while predictions update it
        StatusControl status = wb.toolControl("org.perturber.app.status");
        wb.await("the predictions' latency in the status bar", () -> wb.statusLine().text().contains(
                "last change to updated predictions"));
        String text = wb.ui(() -> status.text());
        assertTrue(text.startsWith("Session infinite-noise.perturber.json not opened: not a valid session file: "
                + problem), text);
    }
}
