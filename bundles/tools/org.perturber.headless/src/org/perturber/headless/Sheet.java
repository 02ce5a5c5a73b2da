package org.perturber.headless;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.perturber.core.image.RgbImage;

/** A grid of labelled images written as one PNG: the contact sheets in README.md. */
final class Sheet {
    private static final int LABEL = 22;

    private Sheet() {
    }

    /** One picture and its caption. */
    record Tile(RgbImage image, String caption) {
    }

    static void write(Path file, List<Tile> tiles, int columns) throws IOException {
        int side = tiles.get(0).image().width();
        int rows = (tiles.size() + columns - 1) / columns;
        BufferedImage sheet = new BufferedImage(columns * side, rows * (side + LABEL), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.setColor(Color.DARK_GRAY);
        for (int i = 0; i < tiles.size(); i++) {
            int x0 = (i % columns) * side;
            int y0 = (i / columns) * (side + LABEL);
            sheet.setRGB(x0, y0, side, side, tiles.get(i).image().toPackedRgb(), 0, side);
            g.drawString(tiles.get(i).caption(), x0 + 6, y0 + side + 16);
        }
        g.dispose();
        Path out = file.toAbsolutePath();
        Files.createDirectories(out.getParent());
        ImageIO.write(sheet, "png", out.toFile());
        System.out.println("wrote " + out);
    }
}
