package io.multiprocessing4j.cli.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeMap;

/**
 * Lines on log-log axes, drawn by hand so that every x value of the data gets its own tick and
 * label (XChart only ticks whole decades), with solid and dashed lines and a legend.
 */
final class LogLineChart {

    /** One line: its legend name, colour, whether dashed, and its points (x → y). */
    record Line(String name, Color color, boolean dashed, TreeMap<Double, Double> points) {
    }

    private static final int LEFT = 80;
    private static final int RIGHT = 250;
    private static final int TOP = 60;
    private static final int BOTTOM = 70;

    private final String title;
    private final String xTitle;
    private final String yTitle;
    private final List<Line> lines;
    private final int width = 1050;
    private final int height = 600;

    LogLineChart(String title, String xTitle, String yTitle, List<Line> lines) {
        this.title = title;
        this.xTitle = xTitle;
        this.yTitle = yTitle;
        this.lines = lines.stream().filter(l -> !l.points().isEmpty()).toList();
    }

    boolean isEmpty() {
        return lines.isEmpty();
    }

    List<Path> write(Path base) throws IOException {
        return Drawing.write(base, width, height, this::paint);
    }

    private void paint(Graphics2D g) {
        TreeMap<Double, Boolean> xs = new TreeMap<>();
        double ymin = Double.MAX_VALUE;
        double ymax = 0;
        for (Line l : lines) {
            for (var e : l.points().entrySet()) {
                xs.put(e.getKey(), true);
                ymin = Math.min(ymin, e.getValue());
                ymax = Math.max(ymax, e.getValue());
            }
        }
        int x0 = LEFT;
        int x1 = width - RIGHT;
        int bottom = height - BOTTOM;
        Drawing.LogScale ys = Drawing.LogScale.of(ymin * 0.8, ymax * 1.25, TOP, bottom);
        double lx0 = Math.log10(xs.firstKey()) - 0.15;
        double lx1 = Math.log10(xs.lastKey()) + 0.15;
        java.util.function.DoubleToIntFunction xOf = v -> (int) Math.round(x0 + (Math.log10(v) - lx0) / (lx1 - lx0) * (x1 - x0));

        g.setColor(Color.BLACK);
        g.setFont(Drawing.TITLE);
        Drawing.centered(g, title, width / 2, 28);
        ys.grid(g, x0, x1, Drawing::seconds);
        g.setFont(Drawing.LABEL);
        FontMetrics fm = g.getFontMetrics();
        for (double x : xs.keySet()) {
            int px = xOf.applyAsInt(x);
            g.setColor(Drawing.GRID);
            g.drawLine(px, TOP, px, bottom);
            g.setColor(Color.BLACK);
            g.drawLine(px, bottom, px, bottom + 5);
            Drawing.centered(g, String.format(java.util.Locale.ROOT, "%,.0f", x), px, bottom + 20);
        }
        g.setColor(Color.GRAY);
        g.drawLine(x0, bottom, x1, bottom);
        g.setColor(Color.BLACK);
        Drawing.centered(g, xTitle, (x0 + x1) / 2, bottom + 45);
        Drawing.verticalTitle(g, yTitle, 18, (TOP + bottom) / 2);

        int ly = TOP + 10;
        for (Line l : lines) {
            g.setColor(l.color());
            g.setStroke(l.dashed()
                    ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10, new float[] {7, 5}, 0)
                    : new BasicStroke(2.2f));
            int[] px = new int[l.points().size()];
            int[] py = new int[l.points().size()];
            int i = 0;
            for (var e : l.points().entrySet()) {
                px[i] = xOf.applyAsInt(e.getKey());
                py[i] = ys.y(e.getValue());
                i++;
            }
            g.drawPolyline(px, py, px.length);
            g.setStroke(new BasicStroke(1f));
            for (int k = 0; k < px.length; k++) {
                if (l.dashed()) {
                    g.drawRect(px[k] - 3, py[k] - 3, 6, 6);
                } else {
                    g.fillOval(px[k] - 4, py[k] - 4, 8, 8);
                }
            }
            // legend entry
            g.setStroke(l.dashed()
                    ? new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10, new float[] {7, 5}, 0)
                    : new BasicStroke(2.2f));
            g.drawLine(x1 + 20, ly, x1 + 50, ly);
            g.setStroke(new BasicStroke(1f));
            g.setColor(Color.BLACK);
            g.drawString(l.name(), x1 + 56, ly + fm.getAscent() / 2 - 1);
            ly += 20;
        }
    }
}
