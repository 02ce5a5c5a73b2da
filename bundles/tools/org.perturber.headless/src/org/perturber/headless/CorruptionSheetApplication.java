package org.perturber.headless;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.imageio.ImageIO;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;
import org.perturber.core.image.RgbImage;
import org.perturber.core.inference.InferenceService;
import org.perturber.core.perturbation.Perturbation;
import org.perturber.core.perturbation.PerturbationStack;
import org.perturber.core.perturbation.StackApplier;
import org.perturber.core.perturbation.StackEntry;
import org.perturber.core.pipeline.InputPipeline;
import org.perturber.core.registry.Contribution;
import org.perturber.core.registry.ContributionRegistry;
import org.perturber.core.registry.SuiteCorruption;
import org.perturber.core.render.SceneRenderer;
import org.perturber.core.scene.Scene;
import org.perturber.core.service.Services;
import org.perturber.objects.BuiltinObjects;
import org.perturber.objects.BuiltinScenes;

/**
 * {@code releng/perturber corruption-sheet [FILE] [TILE]}: the standard scene around the mug under every corruption
 * of the ImageNet-C suite as the registry lists it, one row each (its label and family), the clean image and
 * severities 1-5 across, as one labelled PNG. Each image is made at the built-in models' input size (96 x 96: the
 * corruptions scale their lengths to the image, so this is what a model is given) through the stack, as everywhere
 * else, and each pixel enlarged to a TILE-pixel square (default 192). A corruption whose contribution failed, or
 * that fails on this image, gets a tile that says so; the exit code is then 1.
 */
public class CorruptionSheetApplication implements IApplication {
    /** The built-in models' input size. */
    private static final int INPUT = 96;
    private static final int LEVELS = 5;
    private static final int LABEL_WIDTH = 170;
    private static final int HEADER = 48;
    private static final int GAP = 4;

    /** One tile: an image, or why there is none. */
    private record Cell(RgbImage image, String problem) {
    }

    @Override
    public Object start(IApplicationContext context) throws Exception {
        context.applicationRunning();
        String[] args = (String[]) context.getArguments().get(IApplicationContext.APPLICATION_ARGS);
        Path out = Path.of(args.length > 0 ? args[0] : "imagenet-c-sheet.png");
        int tile;
        try {
            tile = args.length > 1 ? Integer.parseInt(args[1]) : 192;
        } catch (NumberFormatException e) {
            System.err.println("corruption-sheet: TILE must be a whole number of pixels, got " + args[1]);
            return 2;
        }
        if (tile < 16 || tile > 1024) {
            System.err.println("corruption-sheet: TILE must be 16 to 1024 pixels, got " + tile);
            return 2;
        }
        SceneRenderer renderer = Services.await(SceneRenderer.class, Duration.ofSeconds(30));
        ContributionRegistry registry = Services.await(ContributionRegistry.class, Duration.ofSeconds(30));
        BuiltinObjects objects = Services.await(BuiltinObjects.class, Duration.ofSeconds(30));
        // no model here: the service is only what attacks would be made against, and the suite has none
        InputPipeline inputs = new InputPipeline(registry, renderer, Services.await(InferenceService.class, Duration
                .ofSeconds(30)));
        Scene scene = BuiltinScenes.standard(objects, "mug");
        List<SuiteCorruption> suite = registry.corruptions(SuiteCorruption.IMAGENET_C);
        if (suite.isEmpty()) {
            System.err.println("corruption-sheet: no corruption of the " + SuiteCorruption.IMAGENET_C
                    + " suite is declared");
            return Integer.valueOf(1);
        }
        RgbImage clean = inputs.state(scene, PerturbationStack.EMPTY).image(INPUT);
        List<List<Cell>> rows = new ArrayList<>();
        int problems = 0;
        for (SuiteCorruption c : suite) {
            List<Cell> row = new ArrayList<>();
            row.add(new Cell(clean, null));
            Optional<Contribution<Perturbation>> contribution = registry.perturbation(c.perturbation());
            String failed = contribution.isEmpty() ? "not declared" : contribution.get().instance().isPresent() ? null
                    : contribution.get().failure().orElse("failed");
            if (failed != null) {
                System.err.println(c.name() + " (" + c.perturbation() + "): not available: " + failed);
                problems++;
            }
            for (int s = 1; s <= LEVELS; s++) {
                if (failed != null) {
                    row.add(new Cell(null, brief(failed)));
                    continue;
                }
                PerturbationStack stack = PerturbationStack.EMPTY.add(StackEntry.of(c.perturbation()).with(c
                        .severity(), (double) s));
                InputPipeline.State state = inputs.state(scene, stack);
                RgbImage image = state.image(INPUT);
                List<StackApplier.Problem> p = state.problems();
                if (p.isEmpty()) {
                    row.add(new Cell(image, null));
                } else {
                    int level = s;
                    p.forEach(q -> System.err.println(c.name() + " at severity " + level + ": " + q));
                    problems += p.size();
                    row.add(new Cell(null, brief(p.get(0).message())));
                }
            }
            rows.add(row);
        }
        write(out, suite, rows, tile);
        return problems == 0 ? EXIT_OK : Integer.valueOf(1);
    }

    /** The first words of a failure, for a tile: "class not found" rather than the whole sentence. */
    private static String brief(String failure) {
        int colon = failure.indexOf("): ");
        String s = colon >= 0 ? failure.substring(colon + 3) : failure;
        int next = s.indexOf(':');
        return next > 0 ? s.substring(0, next) : s;
    }

    private static void write(Path file, List<SuiteCorruption> suite, List<List<Cell>> rows, int tile)
            throws IOException {
        int columns = LEVELS + 1;
        int width = LABEL_WIDTH + columns * (tile + GAP);
        int height = HEADER + rows.size() * (tile + GAP);
        BufferedImage sheet = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        Font plain = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
        Font bold = new Font(Font.SANS_SERIF, Font.BOLD, 14);
        g.setColor(Color.DARK_GRAY);
        g.setFont(plain);
        g.drawString("ImageNet-C at " + INPUT + " x " + INPUT + " (the built-in models' input), each pixel enlarged",
                6, 16);
        for (int col = 0; col < columns; col++) {
            g.setFont(bold);
            g.drawString(col == 0 ? "original" : "severity " + col, LABEL_WIDTH + col * (tile + GAP) + 6, HEADER
                    - 10);
        }
        for (int r = 0; r < rows.size(); r++) {
            SuiteCorruption c = suite.get(r);
            int y0 = HEADER + r * (tile + GAP);
            g.setColor(Color.DARK_GRAY);
            g.setFont(bold);
            g.drawString(c.label(), 8, y0 + tile / 2);
            g.setFont(plain);
            g.drawString(c.group() + (c.inMean() ? "" : " (not in mCE)"), 8, y0 + tile / 2 + 18);
            for (int col = 0; col < columns; col++) {
                int x0 = LABEL_WIDTH + col * (tile + GAP);
                Cell cell = rows.get(r).get(col);
                if (cell.image() != null) {
                    sheet.setRGB(x0, y0, tile, tile, enlarged(cell.image(), tile), 0, tile);
                } else {
                    g.setColor(new Color(0xEEEEEE));
                    g.fillRect(x0, y0, tile, tile);
                    g.setColor(new Color(0xAA3333));
                    g.setFont(plain);
                    g.drawString("not available:", x0 + 6, y0 + tile / 2 - 8);
                    g.drawString(cell.problem(), x0 + 6, y0 + tile / 2 + 10);
                }
            }
        }
        g.dispose();
        Path out = file.toAbsolutePath();
        Files.createDirectories(out.getParent());
        ImageIO.write(sheet, "png", out.toFile());
        System.out.println("wrote " + out);
    }

    /** Packed RGB of the image enlarged to size x size, nearest pixel: the model's pixels, unsmoothed. */
    private static int[] enlarged(RgbImage image, int size) {
        int[] packed = image.toPackedRgb();
        int[] out = new int[size * size];
        for (int y = 0; y < size; y++) {
            int sy = y * image.height() / size;
            for (int x = 0; x < size; x++) {
                out[y * size + x] = packed[sy * image.width() + x * image.width() / size];
            }
        }
        return out;
    }

    @Override
    public void stop() {
    }
}
