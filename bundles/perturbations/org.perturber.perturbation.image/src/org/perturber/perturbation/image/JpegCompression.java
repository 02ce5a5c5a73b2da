package org.perturber.perturbation.image;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

import org.perturber.core.image.RgbImage;
import org.perturber.core.param.IntegerParameter;
import org.perturber.core.param.NumberParameter;
import org.perturber.core.param.ParameterDescriptor;
import org.perturber.core.param.ParameterValues;
import org.perturber.core.perturbation.ImagePerturbation;

/** JPEG compression artefacts (the JDK's encoder); severities 1-5 are ImageNet-C's (quality 25, 18, 15, 10, 7). */
public class JpegCompression implements ImagePerturbation {
    private static final double[] SEVERITY_QUALITY = { 25, 18, 15, 10, 7 };
    public static final IntegerParameter QUALITY = new IntegerParameter("quality", "Quality (100: off)", "", 1, 100,
            100);
    public static final NumberParameter SEVERITY = Severity.parameter("quality");

    @Override
    public List<ParameterDescriptor> parameters() {
        return List.of(QUALITY, SEVERITY);
    }

    @Override
    public RgbImage apply(RgbImage image, ParameterValues v) {
        double s = v.getDouble(SEVERITY.id());
        if (s > 0) {
            // any encoding changes the image at once: fade in severity 1 rather than start at a jump
            return Severity.fadedIn(image, s, level -> compress(image, (int) Math.round(Severity.at(level, 100,
                    SEVERITY_QUALITY))));
        }
        return compress(image, v.getInt(QUALITY.id()));
    }

    private static RgbImage compress(RgbImage image, int quality) {
        if (quality >= 100) {
            return image;
        }
        BufferedImage in = new BufferedImage(image.width(), image.height(), BufferedImage.TYPE_INT_RGB);
        in.setRGB(0, 0, image.width(), image.height(), image.toPackedRgb(), 0, image.width());
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
                writer.setOutput(out);
                ImageWriteParam param = writer.getDefaultWriteParam();
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(quality / 100f);
                writer.write(null, new IIOImage(in, null, null), param);
            } finally {
                writer.dispose();
            }
            BufferedImage back = ImageIO.read(new ByteArrayInputStream(bytes.toByteArray()));
            float[] d = new float[image.data().length];
            for (int y = 0; y < image.height(); y++) {
                for (int x = 0; x < image.width(); x++) {
                    int rgb = back.getRGB(x, y);
                    int i = (y * image.width() + x) * 3;
                    d[i] = ((rgb >> 16) & 0xff) / 255f;
                    d[i + 1] = ((rgb >> 8) & 0xff) / 255f;
                    d[i + 2] = (rgb & 0xff) / 255f;
                }
            }
            return new RgbImage(image.width(), image.height(), d);
        } catch (IOException e) {
            throw new UncheckedIOException("JPEG round trip failed", e);
        }
    }
}
