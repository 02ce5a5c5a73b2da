package org.perturber.featurevis;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import javax.imageio.ImageIO;

/**
 * A labelled sheet of a layer's feature visualizations as one image: per channel the visualization, the objective it
 * reached (and from where it started), and the dataset examples that excite the channel most, with theirs. Drawn with
 * Java2D (headless), so the workbench's export and the headless tool write the same picture.
 */
public final class LayerSheet {
    /** One cell: a visualization and the channel's strongest dataset examples (may be empty). */
    public record Cell(FeatureVisResult result, List<RankedExample> topExamples) {
    }

    private static final int MARGIN = 8;
    private static final int LINE = 14;

    private LayerSheet() {
    }

    /**
     * Draws the sheet: {@code columns} cells a row, each visualization at {@code scale} times its size, examples as
     * thumbnails beneath it.
     */
    public static BufferedImage draw(String title, List<Cell> cells, int columns, int scale, int examplesShown) {
        if (cells.isEmpty()) {
            throw new IllegalArgumentException("a sheet needs at least one visualization");
        }
        int w = cells.get(0).result().image().width() * scale;
        int h = cells.get(0).result().image().height() * scale;
        int thumb = examplesShown == 0 ? 0 : (w - (examplesShown - 1) * 2) / examplesShown;
        int cellW = w + MARGIN;
        int cellH = h + 2 * LINE + (thumb > 0 ? thumb + LINE : 0) + MARGIN;
        int rows = (cells.size() + columns - 1) / columns;
        int cols = Math.min(columns, cells.size());
        BufferedImage sheet = new BufferedImage(MARGIN + cols * cellW, 2 * LINE + MARGIN + rows * cellH,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
            g.drawString(title, MARGIN, LINE + 2);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
            for (int i = 0; i < cells.size(); i++) {
                Cell cell = cells.get(i);
                int x = MARGIN + (i % columns) * cellW;
                int y = 2 * LINE + (i / columns) * cellH;
                g.drawImage(FeatureVisCache.toBuffered(cell.result().image()), x, y, w, h, null);
                FeatureVisResult r = cell.result();
                g.setColor(Color.BLACK);
                g.drawString(shortLabel(r.objective()), x, y + h + LINE - 2);
                String reached = String.format(Locale.ROOT, "%.3g (start %.2g)", r.objectiveValue(), r.startValue());
                g.drawString(reached, x, y + h + 2 * LINE - 2);
                int ty = y + h + 2 * LINE;
                for (int j = 0; j < Math.min(examplesShown, cell.topExamples().size()); j++) {
                    RankedExample e = cell.topExamples().get(j);
                    int tx = x + j * (thumb + 2);
                    g.drawImage(FeatureVisCache.toBuffered(e.example().image()), tx, ty, thumb, thumb, null);
                    g.setColor(Color.DARK_GRAY);
                    g.drawString(String.format(Locale.ROOT, "%.2g", e.activation()), tx, ty + thumb + LINE - 3);
                }
            }
        } finally {
            g.dispose();
        }
        return sheet;
    }

    /** Writes {@link #draw} as PNG. */
    public static void write(Path png, String title, List<Cell> cells, int columns, int scale, int examplesShown)
            throws IOException {
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!ImageIO.write(draw(title, cells, columns, scale, examplesShown), "png", png.toFile())) {
            throw new IOException("no PNG writer");
        }
    }

    private static String shortLabel(FeatureObjective o) {
        return switch (o.kind()) {
        case CHANNEL -> "channel " + o.index();
        case NEURON -> "neuron " + o.index();
        case CLASS_LOGIT -> "class " + o.index();
        case DIRECTION -> "direction";
        };
    }
}
