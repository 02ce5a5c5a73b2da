package org.perturber.sweep.tests;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturber.sweep.SweepSpec;
import org.perturber.sweep.SweepSpecException;
import org.perturber.testing.BlockedThreads;
import org.perturber.testing.Canaries;

/**
 * The mesh files and model folders a sweep spec names stay inside the spec's folder: a spec from elsewhere cannot
 * make a sweep read the user's other files. Beside the spec's folder lie a valid mesh and a valid model folder (the
 * canaries), so a reference that reached them would be accepted; their access times show they were never read.
 */
class SpecReferencesTest {
    private static final String BACKGROUND = "org.perturber.perturbation.background.backgroundPerturbation";
    private static final String TRIANGLE_OBJ = "v 0 0 0\nv 1 0 0\nv 0 1 0\nf 1 2 3\n";
    @TempDir
    static Path tmp;
    private static Path models;
    private Path specFolder;
    private Canaries canaries;

    @BeforeAll
    static void writeModels() throws Exception {
        models = SweepFixtures.models(tmp.resolve("models"));
    }

    @BeforeEach
    void canariesBesideTheSpecsFolder() throws IOException {
        Path root = Files.createTempDirectory(tmp, "case");
        specFolder = Files.createDirectory(root.resolve("spec"));
        canaries = Canaries.in(root);
        canaries.plant(root.resolve("outside.obj"), TRIANGLE_OBJ.getBytes(UTF_8));
        canaries.plant(root.resolve("canary.png"), new byte[] { 1 });
        Path outsideModel = Files.createDirectory(root.resolve("outside-model"));
        try (var files = Files.list(models.resolve("net-a"))) {
            for (Path f : files.toList()) {
                canaries.plant(outsideModel.resolve(f.getFileName()), Files.readAllBytes(f));
            }
        }
    }

    @AfterEach
    void nothingOutsideWasReadAndNoThreadIsStuck() throws Exception {
        assertEquals(List.of(), canaries.read(), "canaries read beside the spec's folder");
        assertEquals(List.of(), BlockedThreads.inFileIo(300), "threads blocked in file I/O");
    }

    private String spec(String objects, String models) {
        return spec(objects, models, "[]");
    }

    private String spec(String objects, String models, String stack) {
        return """
                {
                  "name": "refs",
                  "objects": %s,
                  "views": 1,
                  "models": %s,
                  "stack": %s,
                  "vary": [{"perturbation": "image.fadeToBlack", "parameter": "amount", "from": 0, "to": 1, "steps": 2}],
                  "metrics": ["top1"]
                }
                """.formatted(objects, models, stack);
    }

    private String refused(String json, String... fragments) throws IOException {
        Path file = Files.writeString(specFolder.resolve("spec.json"), json);
        SweepSpecException e = assertThrows(SweepSpecException.class, () -> SweepFixtures.reader(models).read(file));
        String m = e.getMessage();
        assertTrue(m.startsWith(file.toString()), "names the spec: " + m);
        for (String f : fragments) {
            assertTrue(m.contains(f), "says '" + f + "': " + m);
        }
        return m;
    }

    @Test
    void aMeshWithDotDotIsRefused() throws IOException {
        refused(spec("[{\"file\": \"../outside.obj\", \"label\": \"mug\"}]", "[\"net-a\"]"),
                "objects[0].file names '../outside.obj'", "outside the spec's folder");
    }

    @Test
    void aMeshByAbsolutePathIsRefused() throws IOException {
        String outside = specFolder.resolveSibling("outside.obj").toString();
        refused(spec("[{\"file\": \"" + outside + "\", \"label\": \"mug\"}]", "[\"net-a\"]"), "an absolute path");
    }

    @Test
    void aMeshThatIsALinkOutIsRefused() throws IOException {
        Files.createSymbolicLink(specFolder.resolve("linked.obj"), specFolder.resolveSibling("outside.obj"));
        refused(spec("[{\"file\": \"linked.obj\", \"label\": \"mug\"}]", "[\"net-a\"]"), "linked.obj",
                "a link that leads outside the spec's folder");
    }

    @Test
    void aModelFolderWithDotDotIsRefused() throws IOException {
        refused(spec("[\"mug\"]", "[\"../outside-model\"]"), "models[0] names '../outside-model'",
                "outside the spec's folder", "built-in models are named by id");
    }

    @Test
    void aModelFolderThatIsALinkOutIsRefused() throws IOException {
        Files.createSymbolicLink(specFolder.resolve("net"), specFolder.resolveSibling("outside-model"));
        refused(spec("[\"mug\"]", "[\"./net\"]"), "a link that leads outside the spec's folder");
    }

    @Test
    void aModelFolderThatIsAFileIsRefused() throws IOException {
        Files.writeString(specFolder.resolve("notafolder"), "x");
        refused(spec("[\"mug\"]", "[\"./notafolder\"]"), "which is not a folder");
    }

    private static String backgroundImage(String image) {
        return "[{\"id\": \"" + BACKGROUND + "\", \"values\": {\"kind\": \"image\", \"image\": \"" + image
                + "\"}}]";
    }

    @Test
    void anImageTheStackNamesOutsideTheSpecsFolderIsRefused() throws IOException {
        refused(spec("[\"mug\"]", "[\"net-a\"]", backgroundImage("../canary.png")),
                "stack[0].values.image names '../canary.png'", "outside the spec's folder");
        refused(spec("[\"mug\"]", "[\"net-a\"]", backgroundImage(specFolder.resolveSibling("canary.png").toString())),
                "an absolute path");
    }

    @Test
    void anImageTheStackNamesInsideTheSpecsFolderIsResolvedThere() throws Exception {
        Files.write(specFolder.resolve("sky.png"), new byte[] { 1 });
        Path file = Files.writeString(specFolder.resolve("spec.json"), spec("[\"mug\"]", "[\"net-a\"]",
                backgroundImage("sky.png")));
        SweepSpec spec = SweepFixtures.reader(models).read(file);
        assertEquals(specFolder.resolve("sky.png").toString(), spec.stack().entries().get(0).values().get("image"),
                "resolved in the spec's folder, not the working directory");
    }

    @Test
    void meshesAndModelFoldersInsideTheSpecsFolderAreRead() throws Exception {
        // the other side: the same references, inside the spec's folder, are accepted
        Files.writeString(specFolder.resolve("tri.obj"), TRIANGLE_OBJ);
        Path inside = Files.createDirectories(specFolder.resolve("nets/net"));
        try (var files = Files.list(models.resolve("net-a"))) {
            for (Path f : files.toList()) {
                Files.copy(f, inside.resolve(f.getFileName()));
            }
        }
        Path file = Files.writeString(specFolder.resolve("spec.json"), spec(
                "[{\"file\": \"tri.obj\", \"label\": \"mug\"}]", "[\"nets/net\", \"net-a\"]"));
        SweepSpec spec = SweepFixtures.reader(models).read(file);
        assertEquals(specFolder.resolve("tri.obj").toString(), spec.objects().get(0).mesh().id());
        assertEquals(List.of(inside, models.resolve("net-a")), spec.models().stream().map(SweepSpec.SweepModel::directory)
                .toList());
    }
}
