package io.multiprocessing4j.cli.chart;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleFunction;

/**
 * A grouped bar chart on a log scale, drawn by hand: one or more panels side by side sharing the
 * y axis (Java on the left, CPython on the right, say), a legend per panel, the value written on
 * each bar, and an optional labelled reference line (the line at 1 of a speed-up chart).
 *
 * <p>Implementation notes: XChart's category charts have neither reference lines nor shared
 * log axes across panels; a hundred lines of Java2D do.
 */
final class BarChart {

    /** One bar colour and its legend name. */
    record Series(String name, Color color) {
    }

    /**
     * @param title above the panel
     * @param groups the group labels (a {@code \n} splits a label over two lines)
     * @param series the series, in bar order
     * @param values [group][series], NaN where a series has no figure for a group
     */
    record Panel(String title, List<String> groups, List<Series> series, double[][] values) {
        boolean isEmpty() {
            for (double[] g : values) {
                for (double v : g) {
                    if (!Double.isNaN(v) && v > 0) {
                        return false;
                    }
                }
            }
            return true;
        }
    }

    private static final int LEFT = 80;
    private static final int RIGHT = 20;
    private static final int PANEL_GAP = 40;

    final String title;
    final String yTitle;
    final List<Panel> panels;
    final Double reference;
    final String referenceLabel;
    final DoubleFunction<String> axisLabel;
    final DoubleFunction<String> valueLabel;
    int width = 1150;
    int height = 600;

    BarChart(String title, String yTitle, List<Panel> panels, Double reference, String referenceLabel,
             DoubleFunction<String> axisLabel, DoubleFunction<String> valueLabel) {
        this.title = title;
        this.yTitle = yTitle;
        this.panels = panels.stream().filter(p -> !p.isEmpty()).toList();
        this.reference = reference;
        this.referenceLabel = referenceLabel;
        this.axisLabel = axisLabel;
        this.valueLabel = valueLabel;
    }

    boolean isEmpty() {
        return panels.isEmpty();
    }

    List<Path> write(Path base) throws IOException {
        return Drawing.write(base, width, height, this::paint);
    }

    private void paint(Graphics2D g) {
        double min = Double.MAX_VALUE;
        double max = 0;
        for (Panel p : panels) {
            for (double[] row : p.values()) {
                for (double v : row) {
                    if (!Double.isNaN(v) && v > 0) {
                        min = Math.min(min, v);
                        max = Math.max(max, v);
                    }
                }
            }
        }
        if (reference != null) {
            min = Math.min(min, reference);
            max = Math.max(max, reference);
        }
        int legendRows = 0;
        for (Panel p : panels) {
            legendRows = Math.max(legendRows, legendRows(g, p, panelWidth(p)));
        }
        int top = 50 + 22 + legendRows * 18 + 40;
        int bottom = height - 70;
        Drawing.LogScale scale = Drawing.LogScale.of(min * 0.8, max * 1.25, top, bottom);

        g.setColor(Color.BLACK);
        g.setFont(Drawing.TITLE);
        Drawing.centered(g, title, width / 2, 28);
        g.setFont(Drawing.LABEL);
        Drawing.verticalTitle(g, yTitle, 18, (top + bottom) / 2);
        scale.grid(g, LEFT, width - RIGHT, axisLabel);

        int x = LEFT + 10;
        for (Panel p : panels) {
            int w = panelWidth(p);
            paintPanel(g, p, x, w, top, bottom, scale);
            x += w + PANEL_GAP;
        }
        if (reference != null) {
            int y = scale.y(reference);
            g.setColor(new Color(0x222222));
            g.setStroke(new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {7, 4}, 0));
            g.drawLine(LEFT, y, width - RIGHT, y);
            // its legend, above the plot on the right
            g.setFont(Drawing.LABEL);
            FontMetrics fm = g.getFontMetrics();
            int lx = width - RIGHT - fm.stringWidth(referenceLabel) - 4;
            g.drawLine(lx - 36, top - 24, lx - 6, top - 24);
            g.setStroke(new BasicStroke(1f));
            g.drawString(referenceLabel, lx, top - 20);
        }
        g.setColor(Color.GRAY);
        g.drawLine(LEFT, bottom, width - RIGHT, bottom);
    }

    private int panelWidth(Panel p) {
        int slots = 0;
        for (double[] group : p.values()) {
            int n = 0;
            for (double v : group) {
                n += Double.isNaN(v) ? 0 : 1;
            }
            slots += n + 1;
        }
        int total = 0;
        for (Panel q : panels) {
            int s = 0;
            for (double[] group : q.values()) {
                int n = 0;
                for (double v : group) {
                    n += Double.isNaN(v) ? 0 : 1;
                }
                s += n + 1;
            }
            total += s;
        }
        int available = width - LEFT - RIGHT - 20 - PANEL_GAP * (panels.size() - 1);
        return (int) ((long) available * slots / Math.max(1, total));
    }

    /** @return whether series {@code si} has a figure in some group of the panel (else it is left out of the legend) */
    private static boolean used(Panel p, int si) {
        for (double[] g : p.values()) {
            if (!Double.isNaN(g[si])) {
                return true;
            }
        }
        return false;
    }

    private static int legendRows(Graphics2D g, Panel p, int w) {
        g.setFont(Drawing.LABEL);
        FontMetrics fm = g.getFontMetrics();
        int rows = 1;
        int x = 0;
        for (int si = 0; si < p.series().size(); si++) {
            Series s = p.series().get(si);
            if (!used(p, si)) {
                continue;
            }
            int item = 16 + fm.stringWidth(s.name()) + 16;
            if (x + item > w && x > 0) {
                rows++;
                x = 0;
            }
            x += item;
        }
        return rows;
    }

    private void paintPanel(Graphics2D g, Panel p, int x0, int w, int top, int bottom, Drawing.LogScale scale) {
        g.setFont(Drawing.TITLE.deriveFont(14f));
        g.setColor(Color.BLACK);
        Drawing.centered(g, p.title(), x0 + w / 2, 56);
        // legend
        g.setFont(Drawing.LABEL);
        FontMetrics fm = g.getFontMetrics();
        int lx = x0;
        int ly = 72;
        for (int si = 0; si < p.series().size(); si++) {
            Series s = p.series().get(si);
            if (!used(p, si)) {
                continue;
            }
            int item = 16 + fm.stringWidth(s.name()) + 16;
            if (lx + item > x0 + w && lx > x0) {
                lx = x0;
                ly += 18;
            }
            g.setColor(s.color());
            g.fillRect(lx, ly, 11, 11);
            g.setColor(Color.BLACK);
            g.drawString(s.name(), lx + 16, ly + 10);
            lx += item;
        }
        // bars
        int slots = 0;
        for (double[] group : p.values()) {
            int n = 0;
            for (double v : group) {
                n += Double.isNaN(v) ? 0 : 1;
            }
            slots += n + 1;
        }
        double slot = (double) w / Math.max(1, slots);
        double x = x0;
        for (int gi = 0; gi < p.groups().size(); gi++) {
            double[] vals = p.values()[gi];
            int n = 0;
            for (double v : vals) {
                n += Double.isNaN(v) ? 0 : 1;
            }
            double gx = x + slot / 2;
            int k = 0;
            for (int si = 0; si < vals.length; si++) {
                double v = vals[si];
                if (Double.isNaN(v)) {
                    continue;
                }
                int bx = (int) Math.round(gx + k * slot);
                int bw = (int) Math.max(3, Math.round(slot * 0.86));
                int y = scale.y(Math.max(v, scale.lo()));
                g.setColor(p.series().get(si).color());
                g.fillRect(bx, y, bw, bottom - y);
                g.setColor(Color.DARK_GRAY);
                g.setFont(Drawing.SMALL);
                String label = valueLabel.apply(v);
                var old = g.getTransform();
                int tx = bx + bw / 2 + g.getFontMetrics().getAscent() / 2 - 1;
                int ty = y - 4;
                g.rotate(-Math.PI / 2, tx, ty);
                g.drawString(label, tx, ty);
                g.setTransform(old);
                k++;
            }
            // group label, centred under its bars, on up to two lines
            g.setColor(Color.BLACK);
            g.setFont(Drawing.LABEL);
            int cx = (int) Math.round(gx + n * slot / 2);
            String[] lines = p.groups().get(gi).split("\n");
            for (int li = 0; li < lines.length; li++) {
                Drawing.centered(g, lines[li], cx, bottom + 18 + li * 15);
            }
            x += (n + 1) * slot;
        }
    }

    /** @return the list's values as a [group][series] array */
    static double[][] matrix(List<double[]> rows) {
        return rows.toArray(new double[0][]);
    }

    static List<Series> series(List<String> names) {
        List<Series> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            out.add(new Series(names.get(i), Charts.colorOf(names.get(i), i)));
        }
        return out;
    }
}
