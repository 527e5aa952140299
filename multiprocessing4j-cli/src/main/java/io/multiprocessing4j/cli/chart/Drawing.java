package io.multiprocessing4j.cli.chart;

import de.erichseifert.vectorgraphics2d.Processors;
import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.util.PageSize;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * What the hand-drawn charts share: one painting routine writes a PNG and, through
 * VectorGraphics2D, an SVG; log-scale mapping; fonts; number formatting.
 */
final class Drawing {

    static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    static final Font SMALL = new Font(Font.SANS_SERIF, Font.PLAIN, 10);
    static final Color GRID = new Color(0xE4E4E4);

    private Drawing() {
    }

    /** @return the PNG and SVG written from {@code painter} */
    static List<Path> write(Path base, int width, int height, Consumer<Graphics2D> painter) throws IOException {
        Files.createDirectories(base.toAbsolutePath().getParent());
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        painter.accept(g);
        g.dispose();
        Path png = Path.of(base + ".png");
        ImageIO.write(img, "png", png.toFile());
        VectorGraphics2D v = new VectorGraphics2D();
        v.setColor(Color.WHITE);
        v.fillRect(0, 0, width, height);
        painter.accept(v);
        Path svg = Path.of(base + ".svg");
        try (OutputStream o = Files.newOutputStream(svg)) {
            Processors.get("svg").getDocument(v.getCommands(), new PageSize(0, 0, width, height)).writeTo(o);
        }
        return List.of(png, svg);
    }

    /** Maps values to pixels on a log scale between two powers of ten. */
    record LogScale(double lo, double hi, int top, int bottom) {
        static LogScale of(double min, double max, int top, int bottom) {
            double lo = Math.pow(10, Math.floor(Math.log10(min)));
            double hi = Math.pow(10, Math.ceil(Math.log10(max)));
            if (hi <= lo) {
                hi = lo * 10;
            }
            return new LogScale(lo, hi, top, bottom);
        }

        int y(double v) {
            double f = (Math.log10(Math.max(v, lo)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo));
            return (int) Math.round(bottom - f * (bottom - top));
        }

        /** Draws grid lines and labels at 1, 2, 5 × each decade, from {@code x0} to {@code x1}. */
        void grid(Graphics2D g, int x0, int x1, java.util.function.DoubleFunction<String> label) {
            g.setFont(LABEL);
            FontMetrics fm = g.getFontMetrics();
            for (double d = lo; d <= hi * 1.0001; d *= 10) {
                for (double k : new double[] {1, 2, 5}) {
                    double v = d * k;
                    if (v > hi * 1.0001) {
                        break;
                    }
                    int y = y(v);
                    g.setColor(k == 1 ? new Color(0xCCCCCC) : GRID);
                    g.drawLine(x0, y, x1, y);
                    if (k == 1 || (hi / lo) <= 1000) {
                        g.setColor(Color.DARK_GRAY);
                        String s = label.apply(v);
                        g.drawString(s, x0 - 6 - fm.stringWidth(s), y + fm.getAscent() / 2 - 1);
                    }
                }
            }
        }
    }

    static void centered(Graphics2D g, String s, int cx, int y) {
        g.drawString(s, cx - g.getFontMetrics().stringWidth(s) / 2, y);
    }

    static void verticalTitle(Graphics2D g, String s, int x, int cy) {
        var old = g.getTransform();
        g.rotate(-Math.PI / 2, x, cy);
        centered(g, s, x, cy);
        g.setTransform(old);
    }

    /** @return a number with about two significant digits, no trailing zeros */
    static String num(double v) {
        if (v >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (v >= 10) {
            return strip(String.format(Locale.ROOT, "%.1f", v));
        }
        if (v >= 1) {
            return strip(String.format(Locale.ROOT, "%.2f", v));
        }
        return strip(String.format(Locale.ROOT, "%.2g", v));
    }

    private static String strip(String s) {
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    /** @return a whole number as {@code 45k}, {@code 5M}, {@code 3000} */
    static String compact(String whole) {
        long v = Long.parseLong(whole);
        if (v >= 1_000_000 && v % 100_000 == 0) {
            return num(v / 1e6) + "M";
        }
        if (v >= 10_000 && v % 1000 == 0) {
            return (v / 1000) + "k";
        }
        return whole;
    }

    /** @return seconds as {@code 250 ms}, {@code 1.2 s}, {@code 40 us} */
    static String seconds(double s) {
        if (s >= 1) {
            return num(s) + " s";
        }
        if (s >= 1e-3) {
            return num(s * 1e3) + " ms";
        }
        return num(s * 1e6) + " us";
    }
}
