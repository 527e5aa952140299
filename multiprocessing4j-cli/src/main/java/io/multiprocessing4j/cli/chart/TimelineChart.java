package io.multiprocessing4j.cli.chart;

import de.erichseifert.vectorgraphics2d.Processors;
import de.erichseifert.vectorgraphics2d.VectorGraphics2D;
import de.erichseifert.vectorgraphics2d.util.PageSize;
import io.multiprocessing4j.cli.bench.BenchRecord;
import io.multiprocessing4j.cli.bench.ResultsTable;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A Gantt chart of a pool at work: one row per worker, one bar per task, from the task spans a
 * scenario recorded as {@value ResultsTable#TASK_SPAN} records (params {@code worker}, {@code start_ms},
 * {@code end_ms}, {@code task}; times from the task function itself, in ms since the map started).
 *
 * <p>Implementation notes: drawn by hand with Java2D (XChart has no Gantt chart); the same drawing
 * code paints a PNG image and, through VectorGraphics2D, an SVG document.
 */
public final class TimelineChart {

    private static final int WIDTH = 1000;
    private static final int ROW = 34;
    private static final int LEFT = 230;
    private static final int RIGHT = 30;
    private static final int TOP = 60;
    private static final int BOTTOM = 60;

    record Span(String worker, double start, double end, int task, boolean poolStart) {
    }

    private TimelineChart() {
    }

    /** Draws one timeline per scenario and variant that recorded task spans. */
    static List<Path> drawAll(List<BenchRecord> records, Path dir) throws IOException {
        Map<String, List<Span>> groups = new LinkedHashMap<>();
        Map<String, String> pids = new LinkedHashMap<>();
        for (BenchRecord r : records) {
            if (!Charts.isTaskSpan(r)) {
                continue;
            }
            Map<String, Object> p = r.params();
            if (!(p.get("start_ms") instanceof Number s) || !(p.get("end_ms") instanceof Number e)) {
                continue;
            }
            int task = p.get("task") instanceof Number t ? t.intValue() : 0;
            String worker = String.valueOf(p.get("worker"));
            if (p.get("pid") != null && !worker.equals(String.valueOf(p.get("pid")))) {
                pids.put(worker, String.valueOf(p.get("pid")));
            }
            groups.computeIfAbsent(r.scenario() + "-" + r.variant(), k -> new ArrayList<>())
                    .add(new Span(worker, s.doubleValue(), e.doubleValue(), task, "pool start".equals(p.get("kind"))));
        }
        List<Path> out = new ArrayList<>();
        for (Map.Entry<String, List<Span>> g : groups.entrySet()) {
            Path base = dir.resolve("timeline-" + g.getKey());
            List<Span> named = g.getValue().stream().map(sp -> pids.containsKey(sp.worker())
                    ? new Span(sp.worker() + " (pid " + pids.get(sp.worker()) + ")", sp.start(), sp.end(), sp.task(), sp.poolStart())
                    : sp).toList();
            out.addAll(write(g.getKey(), named, base));
        }
        return out;
    }

    static List<Path> write(String title, List<Span> spans, Path base) throws IOException {
        Files.createDirectories(base.toAbsolutePath().getParent());
        List<String> workers = new ArrayList<>();
        spans.stream().sorted((a, b) -> Double.compare(a.start(), b.start()))
                .forEach(s -> { if (!workers.contains(s.worker())) workers.add(s.worker()); });
        int height = TOP + BOTTOM + 30 + ROW * workers.size();

        BufferedImage img = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        paint(g, title, spans, workers, height);
        g.dispose();
        Path png = Path.of(base + ".png");
        ImageIO.write(img, "png", png.toFile());

        VectorGraphics2D v = new VectorGraphics2D();
        paint(v, title, spans, workers, height);
        Path svg = Path.of(base + ".svg");
        try (OutputStream o = Files.newOutputStream(svg)) {
            Processors.get("svg").getDocument(v.getCommands(), new PageSize(0, 0, WIDTH, height)).writeTo(o);
        }
        return List.of(png, svg);
    }

    private static void paint(Graphics2D g, String title, List<Span> spans, List<String> workers, int height) {
        double t0 = Math.min(0, spans.stream().mapToDouble(Span::start).min().orElse(0));
        double t1 = spans.stream().mapToDouble(Span::end).max().orElse(1);
        double range = Math.max(t1 - t0, 1e-3);
        int plotW = WIDTH - LEFT - RIGHT;
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, height);

        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        long tasks = spans.stream().filter(sp -> !sp.poolStart()).count();
        String heading = "Task timeline: " + title + " (" + tasks + " tasks on " + workers.size() + " workers, pool start included)";
        FontMetrics fm = g.getFontMetrics();
        g.drawString(heading, (WIDTH - fm.stringWidth(heading)) / 2, 28);

        // time axis: about 8 ticks at a round step
        double step = niceStep(range / 8);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        fm = g.getFontMetrics();
        int axisY = TOP + ROW * workers.size();
        for (double t = 0; t <= range + 1e-9; t += step) {
            int x = LEFT + (int) Math.round(t / range * plotW);
            g.setColor(new Color(0xE4E4E4));
            g.drawLine(x, TOP, x, axisY);
            g.setColor(Color.BLACK);
            g.drawLine(x, axisY, x, axisY + 5);
            String label = step >= 1000 ? fmt(t / 1000) + " s" : fmt(t) + " ms";
            g.drawString(label, x - fm.stringWidth(label) / 2, axisY + 20);
        }
        g.drawLine(LEFT, axisY, LEFT + plotW, axisY);
        String xTitle = "time since the pool was created";
        g.drawString(xTitle, LEFT + (plotW - fm.stringWidth(xTitle)) / 2, axisY + 42);

        for (int row = 0; row < workers.size(); row++) {
            int y = TOP + row * ROW;
            g.setColor(Color.BLACK);
            String label = workers.get(row);
            g.drawString(label, LEFT - 10 - fm.stringWidth(label), y + ROW / 2 + fm.getAscent() / 2 - 2);
        }
        g.setStroke(new BasicStroke(1f));
        for (Span s : spans) {
            int row = workers.indexOf(s.worker());
            int x0 = LEFT + (int) Math.round((s.start() - t0) / range * plotW);
            int x1 = LEFT + (int) Math.round((s.end() - t0) / range * plotW);
            int y = TOP + row * ROW + 5;
            g.setColor(s.poolStart() ? POOL_START : Charts.PALETTE[Math.floorMod(s.task(), 2) == 0 ? 0 : 1]);
            g.fillRect(x0, y, Math.max(1, x1 - x0), ROW - 10);
            g.setColor(Color.WHITE);
            g.drawRect(x0, y, Math.max(1, x1 - x0), ROW - 10);
        }
        legend(g, height - 14);
    }

    private static final Color POOL_START = new Color(0xB8B8B8);

    private static void legend(Graphics2D g, int y) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        int x = LEFT;
        Object[][] items = {{POOL_START, "worker start (pool created -> its first task)"},
                {Charts.PALETTE[0], "task (even)"}, {Charts.PALETTE[1], "task (odd)"}};
        for (Object[] it : items) {
            g.setColor((Color) it[0]);
            g.fillRect(x, y - 10, 12, 12);
            g.setColor(Color.BLACK);
            g.drawString((String) it[1], x + 17, y);
            x += 17 + fm.stringWidth((String) it[1]) + 25;
        }
    }

    private static double niceStep(double raw) {
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / mag;
        return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * mag;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
