package io.multiprocessing4j.cli.chart;

import io.multiprocessing4j.cli.bench.BenchRecord;
import io.multiprocessing4j.cli.bench.Comparisons;
import io.multiprocessing4j.cli.bench.ResultsTable;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Draws the bench charts from a run's records, each as PNG and SVG:
 * <ul>
 *   <li>{@code speedup}: for every scenario with a {@code java-sequential} figure, how many times
 *       faster each other variant is (1 = as fast as plain sequential Java);</li>
 *   <li>{@code sqrt-overhead}: total time against N for the {@code sqrt} scenario, log-log, one
 *       line per variant: where process overhead dominates and where it pays off;</li>
 *   <li>{@code timeline-*}: one row per worker, one bar per task, from the task spans a scenario
 *       recorded ({@link TimelineChart}).</li>
 * </ul>
 * Charts with no data are skipped. Runs headless.
 */
public final class Charts {

    static final Color[] PALETTE = {
            new Color(0x4C72B0), new Color(0xDD8452), new Color(0x55A868), new Color(0xC44E52),
            new Color(0x8172B3), new Color(0x937860), new Color(0xDA8BC3), new Color(0x8C8C8C)};

    private Charts() {
    }

    /** @return the files written */
    public static List<Path> drawAll(List<BenchRecord> records, Path dir) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<Path> written = new ArrayList<>();
        speedup(records).ifPresent(c -> written.addAll(save(c, dir.resolve("speedup"))));
        sqrtOverhead(records).ifPresent(c -> written.addAll(save(c, dir.resolve("sqrt-overhead"))));
        written.addAll(TimelineChart.drawAll(records, dir));
        return written;
    }

    static List<Path> save(Chart<?, ?> chart, Path base) {
        try {
            java.nio.file.Files.createDirectories(base.toAbsolutePath().getParent());
            BitmapEncoder.saveBitmapWithDPI(chart, base.toString(), BitmapEncoder.BitmapFormat.PNG, 110);
            VectorGraphicsEncoder.saveVectorGraphic(chart, base.toString(), VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return List.of(Path.of(base + ".png"), Path.of(base + ".svg"));
    }

    /** Bar chart of speed-up vs java-sequential, one group per scenario and size. */
    static Optional<CategoryChart> speedup(List<BenchRecord> records) {
        Comparisons cmp = new Comparisons(records);
        Map<String, Map<String, Double>> byVariant = new LinkedHashMap<>();   // variant -> category -> x
        Set<String> categories = new LinkedHashSet<>();
        for (BenchRecord seq : records) {
            if (!seq.variant().equals("java-sequential") || Comparisons.lowerIsBetter(seq.unit()).isEmpty()) {
                continue;
            }
            for (BenchRecord r : records) {
                if (r == seq || r.variant().equals("java-sequential") || !r.unit().equals(seq.unit())
                        || !Comparisons.sameMeasureLoosely(r, seq) || "cold".equals(r.params().get("pool"))
                        || r.value() <= 0) {
                    continue;
                }
                String category = category(seq, r);
                boolean lower = Comparisons.lowerIsBetter(r.unit()).orElseThrow();
                double x = lower ? seq.value() / r.value() : r.value() / seq.value();
                categories.add(category);
                byVariant.computeIfAbsent(r.variant(), k -> new LinkedHashMap<>()).putIfAbsent(category, x);
            }
        }
        if (categories.isEmpty()) {
            return Optional.empty();
        }
        CategoryChart chart = new CategoryChartBuilder().width(1100).height(560)
                .title("Speed-up over sequential Java (higher is better; 1 = as fast as one Java thread)")
                .xAxisTitle("scenario").yAxisTitle("times faster than java-sequential").build();
        styleCommon(chart.getStyler());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setXAxisLabelRotation(20);
        chart.getStyler().setOverlapped(false);
        chart.getStyler().setAvailableSpaceFill(0.8);
        List<String> cats = new ArrayList<>(categories);
        int color = 0;
        for (Map.Entry<String, Map<String, Double>> e : byVariant.entrySet()) {
            List<Double> ys = new ArrayList<>();
            for (String c : cats) {
                ys.add(e.getValue().get(c));
            }
            chart.addSeries(e.getKey(), cats, ys).setFillColor(colorOf(e.getKey(), color++));
        }
        return Optional.of(chart);
    }

    /** Log-log lines of total time against N for the sqrt scenario. */
    static Optional<XYChart> sqrtOverhead(List<BenchRecord> records) {
        Map<String, TreeMap<Double, Double>> series = new LinkedHashMap<>();
        String unit = null;
        for (BenchRecord r : records) {
            if (!r.scenario().equals("sqrt") || !r.metric().equals("total") || !(r.params().get("n") instanceof Number n)) {
                continue;
            }
            if (r.params().getOrDefault("pool", "warm").equals("cold") || r.value() <= 0) {
                continue;
            }
            unit = r.unit();
            series.computeIfAbsent(r.variant(), k -> new TreeMap<>()).putIfAbsent(n.doubleValue(), r.value());
        }
        if (series.isEmpty()) {
            return Optional.empty();
        }
        XYChart chart = new XYChartBuilder().width(900).height(560)
                .title("sqrt over range(10, N): total time against N (log-log, lower is better)")
                .xAxisTitle("N (numbers)").yAxisTitle("total time (" + unit + ")").build();
        styleCommon(chart.getStyler());
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        chart.getStyler().setXAxisDecimalPattern("#,###");
        int color = 0;
        for (Map.Entry<String, TreeMap<Double, Double>> e : series.entrySet()) {
            var s = chart.addSeries(e.getKey(), new ArrayList<>(e.getValue().keySet()), new ArrayList<>(e.getValue().values()));
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setLineColor(colorOf(e.getKey(), color));
            s.setMarkerColor(colorOf(e.getKey(), color++));
        }
        return Optional.of(chart);
    }

    static void styleCommon(org.knowm.xchart.style.AxesChartStyler s) {
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotGridLinesColor(new Color(0xDDDDDD));
        s.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        s.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        s.setLegendBorderColor(new Color(0xCCCCCC));
        s.setAntiAlias(true);
    }

    /** Fixed colours per variant family, so every chart reads the same. */
    static Color colorOf(String variant, int fallback) {
        if (variant.startsWith("java-sequential")) {
            return PALETTE[7];
        }
        if (variant.startsWith("mp4j-spawn")) {
            return PALETTE[0];
        }
        if (variant.startsWith("mp4j-thread")) {
            return PALETTE[2];
        }
        if (variant.startsWith("cpython-fork")) {
            return PALETTE[1];
        }
        if (variant.startsWith("cpython-spawn")) {
            return PALETTE[3];
        }
        if (variant.startsWith("cpython-threads")) {
            return PALETTE[6];
        }
        if (variant.startsWith("cpython-sequential")) {
            return PALETTE[5];
        }
        return PALETTE[4 + (fallback % 2) * 0];
    }

    /** The sequential record's sizes, plus any size the parallel record adds (such as a batch size). */
    private static String category(BenchRecord seq, BenchRecord r) {
        StringBuilder b = new StringBuilder(seq.scenario());
        if (!seq.metric().equals("total")) {
            b.append(' ').append(seq.metric());
        }
        var sizes = new java.util.TreeMap<>(Comparisons.measureParams(seq.params()));
        Comparisons.measureParams(r.params()).forEach((k, v) -> {
            if (!k.equals("pool")) {
                sizes.putIfAbsent(k, v);
            }
        });
        sizes.forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
        return b.toString();
    }

    /** Used by the table and the charts alike. */
    static boolean isTaskSpan(BenchRecord r) {
        return r.metric().equals(ResultsTable.TASK_SPAN);
    }
}
