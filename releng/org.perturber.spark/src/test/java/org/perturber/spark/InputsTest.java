package org.perturber.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What is shipped to executors: the spec's own files, relative to its folder, and nothing from outside it. */
class InputsTest {
    private static List<String> entries(Path zip) throws Exception {
        List<String> names = new ArrayList<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null;) {
                names.add(e.getName());
            }
        }
        return names;
    }

    @Test
    void filesAndFoldersArePackedRelativeToTheSpecsFolder(@TempDir Path dir) throws Exception {
        Path base = Files.createDirectories(dir.resolve("lab"));
        Files.writeString(base.resolve("spec.json"), "{}");
        Files.createDirectories(base.resolve("nets/mine"));
        Files.writeString(base.resolve("nets/mine/model.json"), "{}");
        Files.writeString(base.resolve("nets/mine/weights.params"), "w");
        Files.writeString(base.resolve("unrelated.txt"), "not named by the spec");
        Path zip = dir.resolve("inputs.zip");
        int files = Inputs.pack(base, List.of(base.resolve("spec.json"), base.resolve("nets/mine")), zip);
        assertEquals(3, files);
        assertEquals(List.of("spec.json", "nets/mine/model.json", "nets/mine/weights.params"), entries(zip));
    }

    @Test
    void anInputOutsideTheSpecsFolderIsRefusedByName(@TempDir Path dir) throws Exception {
        Path base = Files.createDirectories(dir.resolve("lab"));
        Path outside = Files.writeString(dir.resolve("secret.txt"), "x");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Inputs.pack(base, List.of(
                outside), dir.resolve("inputs.zip")));
        assertTrue(e.getMessage().contains(outside.toString()) && e.getMessage().contains("outside"), e.getMessage());
    }

    @Test
    void aLinkInsideAFolderThatLeadsOutIsLeftOut(@TempDir Path dir) throws Exception {
        Path base = Files.createDirectories(dir.resolve("lab"));
        Path model = Files.createDirectories(base.resolve("mine"));
        Files.writeString(model.resolve("model.json"), "{}");
        Path secret = Files.writeString(dir.resolve("secret.txt"), "x");
        Files.createSymbolicLink(model.resolve("weights.params"), secret);
        Files.createSymbolicLink(model.resolve("inside.json"), model.resolve("model.json"));
        Path zip = dir.resolve("inputs.zip");
        Inputs.pack(base, List.of(model), zip);
        assertEquals(List.of("mine/inside.json", "mine/model.json"), entries(zip));
    }
}
