package org.perturber.training.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.perturber.testing.Fixtures;
import org.perturber.training.Recipes;
import org.perturber.training.RenderedSet;
import org.perturber.training.SceneSampler;
import org.perturber.training.SceneSampler.TextureMode;
import org.perturber.training.SetExport;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

class SetExportTest {
    private static final int RESOLUTION = 32;

    private static SetExport.Request request(int trainSize, int heldOutSize, int resolution) {
        return new SetExport.Request(Recipes.find("standard").orElseThrow(), resolution, List.of(new SetExport.Part(
                SetExport.TRAIN, 7, trainSize, 0), new SetExport.Part(SetExport.HELD_OUT, 1_000_003, heldOutSize, 0)));
    }

    @Test
    void theWrittenFilesReadBackToTheRenderedSets(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("set");
        List<String> log = new ArrayList<>();
        SetExport.write(Fixtures.renderer(), request(26, 13, RESOLUTION), dir, log::add);

        JsonObject json = JsonParser.parseString(Files.readString(dir.resolve(SetExport.DESCRIPTOR)))
                .getAsJsonObject();
        assertEquals(SetExport.FORMAT, json.get("format").getAsString());
        assertEquals(RESOLUTION, json.get("resolution").getAsInt());
        List<String> classes = new ArrayList<>();
        json.getAsJsonArray("classes").forEach(c -> classes.add(c.getAsString()));
        assertEquals(SceneSampler.classes(), classes);

        assertPartEquals(dir, json, SetExport.TRAIN, RenderedSet.render(Fixtures.renderer(), 7, 26, RESOLUTION,
                TextureMode.OWN));
        assertPartEquals(dir, json, SetExport.HELD_OUT, RenderedSet.render(Fixtures.renderer(), 1_000_003, 13,
                RESOLUTION, TextureMode.OWN));
        // the two parts are different scenes, not one set written twice
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(dir.resolve(SetExport.imagesFile(SetExport.TRAIN))),
                java.util.Arrays.copyOf(Files.readAllBytes(dir.resolve(SetExport.imagesFile(SetExport.HELD_OUT))),
                        26 * RESOLUTION * RESOLUTION * 3)));
        // progress was reported for each part, and nothing but the set is left in the parent folder
        assertTrue(log.stream().anyMatch(l -> l.contains("train: rendered 26/26")), log.toString());
        assertTrue(log.stream().anyMatch(l -> l.contains("heldout: rendered 13/13")), log.toString());
        try (var entries = Files.list(tmp)) {
            assertEquals(List.of(dir), entries.toList());
        }
    }

    private static void assertPartEquals(Path dir, JsonObject json, String part, RenderedSet expected)
            throws IOException {
        JsonObject p = json.getAsJsonObject("parts").getAsJsonObject(part);
        assertEquals(expected.size(), p.get("count").getAsInt(), part);
        byte[] pixels = Files.readAllBytes(dir.resolve(p.get("images").getAsString()));
        byte[] labels = Files.readAllBytes(dir.resolve(p.get("labels").getAsString()));
        int plane = RESOLUTION * RESOLUTION * 3;
        assertEquals((long) expected.size() * plane, pixels.length, part + " pixel bytes");
        assertEquals(expected.size(), labels.length, part + " label bytes");
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.label(i), labels[i], part + " label " + i);
            float[] data = expected.image(i).data();
            for (int k = 0; k < plane; k++) {
                // the image's floats are the stored bytes / 255, so rounding gives back each byte exactly
                assertEquals(Math.round(data[k] * 255), pixels[i * plane + k] & 0xff, part + " sample " + i
                        + " byte " + k);
            }
        }
        // labels follow the sampler: classes take turns, so every class appears
        assertEquals(Math.min(expected.size(), 12), java.util.stream.IntStream.range(0, labels.length)
                .map(i -> labels[i]).distinct().count(), part);
    }

    @Test
    void absurdSizesAndOccupiedFoldersAreRefusedBeforeAnythingIsRendered(@TempDir Path tmp) throws IOException {
        Path dir = tmp.resolve("set");
        assertEquals(List.of(), SetExport.problems(request(12000, 1200, 96), dir));

        List<String> empty = SetExport.problems(request(0, 1200, 96), dir);
        assertEquals(1, empty.size(), empty.toString());
        assertTrue(empty.get(0).startsWith("train set: 0 samples"), empty.toString());

        // 100,000 samples of 96x96 are 2.8 GB: more than one array holds; 77,000 still fit
        List<String> huge = SetExport.problems(request(12000, 100_000, 96), dir);
        assertEquals(1, huge.size(), huge.toString());
        assertTrue(huge.get(0).startsWith("heldout set: 100000 samples at 96x96 are 2.8 GB; at most 77672 fit"),
                huge.toString());
        assertTrue(SetExport.problems(request(77_000, 1, 96), dir).stream().noneMatch(p -> p.contains("fit")));

        assertEquals(1, SetExport.problems(request(12, 12, 4), dir).size());

        Files.createDirectories(dir);
        Files.writeString(dir.resolve("other.txt"), "kept");
        List<String> occupied = SetExport.problems(request(12, 12, RESOLUTION), dir);
        assertEquals(List.of(dir + " exists and is not an empty folder; name a new one"), occupied);
        assertThrows(IllegalArgumentException.class, () -> SetExport.write(Fixtures.renderer(), request(12, 12,
                RESOLUTION), dir, line -> {
                }));
        try (var entries = Files.list(dir)) {
            assertEquals(List.of(dir.resolve("other.txt")), entries.toList());
        }
    }
}
