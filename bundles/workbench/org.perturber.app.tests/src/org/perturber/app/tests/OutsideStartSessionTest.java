package org.perturber.app.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturber.app.DefaultScene;
import org.perturber.app.ProblemLog;
import org.perturber.app.SessionAddon;
import org.perturber.core.perturbation.PerturbationStack;
import org.perturber.core.scene.MeshRef;
import org.perturber.core.scene.Scene;
import org.perturber.core.scene.SceneObject;
import org.perturber.core.service.Services;
import org.perturber.core.session.SessionFile;
import org.perturber.objects.BuiltinObjects;

/**
 * The workbench started with {@code -Dperturber.session=FILE} naming a session whose mesh lies outside its folder:
 * at start there is no one to ask, so the session is refused like a broken one (default scene and model, the reason
 * and the way to allow it in the Error Log) unless {@link SessionAddon#ALLOW_OUTSIDE} is set. File > Open session
 * asks instead (BrokenSessionTest).
 */
class OutsideStartSessionTest {
    @TempDir
    static Path dir;
    static Path session;
    static Path mesh;
    static RunningWorkbench wb;

    @BeforeAll
    static void startWithASessionReadingOutsideItsFolder() throws Exception {
        mesh = Files.writeString(dir.resolve("elsewhere.obj"), "v 0 0 0\nv 1 0 0\nv 0 1 0\nv 0 0 1\n"
                + "f 1 2 3\nf 1 2 4\nf 1 3 4\nf 2 3 4\n");
        session = Files.createDirectories(dir.resolve("study")).resolve("outside.perturber.json");
        SessionFile.write(session, Scene.of(SceneObject.of("vase", MeshRef.file(mesh.toString()))),
                PerturbationStack.EMPTY, List.of());
        wb = RunningWorkbench.startedWithSession(session);
    }

    @AfterAll
    static void close() throws InterruptedException {
        RunningWorkbench.closeShared();
    }

    @Test
    void theSessionIsRefusedWithTheFileItNamesAndTheWayToAllowIt() throws Exception {
        Scene standard = DefaultScene.create(Services.await(BuiltinObjects.class, Duration.ofSeconds(30)));
        wb.await("the default scene", () -> standard.equals(wb.session().scene()));
        ProblemLog log = wb.application().getContext().get(ProblemLog.class);
        wb.await("the refusal in the Error Log", () -> log.problems().stream().anyMatch(p -> p.source().equals(
                session.toString())));
        List<ProblemLog.Problem> refused = log.problems().stream().filter(p -> p.source().equals(session.toString()))
                .toList();
        assertEquals(1, refused.size(), refused.toString());
        String message = refused.get(0).message();
        assertTrue(message.contains("names files outside its folder (scene.objects[0].mesh: " + mesh + ")")
                && message.contains("-D" + SessionAddon.ALLOW_OUTSIDE + "=true"), message);
    }
}
