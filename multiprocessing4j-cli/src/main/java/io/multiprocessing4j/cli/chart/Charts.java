package io.multiprocessing4j.cli.chart;

import io.multiprocessing4j.cli.bench.BenchRecord;
import io.multiprocessing4j.cli.bench.ResultsTable;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Draws the bench charts from a run's records, each as PNG and SVG; a chart with no data is skipped:
 * <ol>
 *   <li>{@code speedup}: each language against itself, the tutorials' headline: for each
 *       experiment, the speed-up of each parallel form over that language's sequential code, Java and
 *       CPython side by side, log scale, with a line at 1;</li>
 *   <li>{@code absolute}: the time of every variant, Java and CPython together, log scale;</li>
 *   <li>{@code start-cost}: process start (java-hello floor, cold, default spares, warm: one spare per start, threads),
 *       {@code pool-start}, {@code spawn-many} and the sleepers, for mp4j and both CPython start methods;</li>
 *   <li>{@code sqrt-overhead}: total time against N for {@code sqrt}, log-log, warm pools solid and
 *       new pools dashed, every N ticked;</li>
 *   <li>{@code timeline-*}: one row per worker, its start as a bar of its own, then its tasks ({@link TimelineChart}).</li>
 * </ol>
 * Runs headless.
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
        for (var chart : List.of(speedup(records), absolute(records), startCost(records))) {
            if (!chart.isEmpty()) {
                written.addAll(chart.write(dir.resolve(chart == null ? "" : nameOf(chart))));
            }
        }
        LogLineChart sqrt = sqrtOverhead(records);
        if (!sqrt.isEmpty()) {
            written.addAll(sqrt.write(dir.resolve("sqrt-overhead")));
        }
        written.addAll(TimelineChart.drawAll(records, dir));
        return written;
    }

    private static String nameOf(BarChart c) {
        return c.title.startsWith("Each language") ? "speedup" : c.title.startsWith("Absolute") ? "absolute" : "start-cost";
    }

    /** One experiment: a group of bars, picked by scenario, metric and parameters. */
    record Experiment(String label, String scenario, String metric, Map<String, String> match) {
    }

    /** The experiments of the speed-up and absolute-time charts, with the sizes of this run. */
    static List<Experiment> experiments(List<BenchRecord> records) {
        List<Experiment> out = new ArrayList<>();
        sizes(records, "perfect", "n").forEach(n -> out.add(new Experiment("perfect\nn=" + Drawing.compact(n), "perfect", "total", Map.of("n", n))));
        sizes(records, "factorial", "n").forEach(n ->
                out.add(new Experiment("factorial\n4 x n=" + Drawing.compact(n), "factorial", "total", Map.of("n", n))));
        sizes(records, "batching", "batch").forEach(b -> out.add(new Experiment(
                "batching\n" + (b.equals("1") ? "1 by 1" : "by " + Drawing.compact(b)), "batching", "total", Map.of("batch", b))));
        List<String> sq = sizes(records, "sqrt", "n");
        if (!sq.isEmpty()) {
            String n = sq.getLast();
            out.add(new Experiment("sqrt, warm\nn=" + Drawing.compact(n), "sqrt", "total", Map.of("n", n, "pool", "warm")));
        }
        return out;
    }

    private static List<String> sizes(List<BenchRecord> records, String scenario, String key) {
        TreeMap<Double, String> s = new TreeMap<>();
        for (BenchRecord r : records) {
            if (r.scenario().equals(scenario) && r.params().get(key) instanceof Number n) {
                s.put(n.doubleValue(), str(n));
            }
        }
        return new ArrayList<>(s.values());
    }

    private static String str(Object v) {
        return v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) ? Long.toString(n.longValue()) : String.valueOf(v);
    }

    /**
     * @return the figure of {@code variant} for the experiment: with {@code start} given, only that
     *     start; else the default start if there is one, then cold, then any
     */
    static Optional<BenchRecord> find(List<BenchRecord> records, String scenario, String metric, String variant,
                                      Map<String, String> match, String start) {
        List<BenchRecord> hits = new ArrayList<>();
        outer:
        for (BenchRecord r : records) {
            if (!r.scenario().equals(scenario) || !r.metric().equals(metric) || !r.variant().equals(variant)) {
                continue;
            }
            for (var e : match.entrySet()) {
                Object v = r.params().get(e.getKey());
                if (v != null && !str(v).equals(e.getValue())) {
                    continue outer;
                }
                if (v == null && !e.getKey().equals("pool")) {
                    continue outer;
                }
            }
            hits.add(r);
        }
        if (start != null) {
            return hits.stream().filter(r -> start.equals(r.params().get("start"))).findFirst();
        }
        for (String s : new String[] {"default", "cold"}) {
            Optional<BenchRecord> h = hits.stream().filter(r -> s.equals(r.params().get("start"))).findFirst();
            if (h.isPresent()) {
                return h;
            }
        }
        return hits.stream().findFirst();
    }

    private static double seconds(BenchRecord r) {
        return switch (r.unit()) {
            case "ms" -> r.value() / 1e3;
            case "us" -> r.value() / 1e6;
            default -> r.value();
        };
    }

    /** Chart 1: each language against itself. */
    static BarChart speedup(List<BenchRecord> records) {
        List<Experiment> ex = experiments(records);
        List<BarChart.Panel> panels = new ArrayList<>();
        panels.add(speedupPanel(records, ex, "Java: parallel forms over java-sequential", "java-sequential",
                List.of("mp4j-thread", "mp4j-spawn")));
        panels.add(speedupPanel(records, ex, "CPython: parallel forms over cpython-sequential", "cpython-sequential",
                List.of("cpython-threads", "cpython-fork", "cpython-spawn")));
        return new BarChart("Each language against itself: speed-up over its own sequential code (pool start included)",
                "times faster than the same language's sequential code", panels, 1.0,
                "1 = as fast as sequential", Drawing::num, v -> Drawing.num(v) + "x");
    }

    private static BarChart.Panel speedupPanel(List<BenchRecord> records, List<Experiment> ex, String title,
                                               String seq, List<String> variants) {
        List<String> groups = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        for (Experiment e : ex) {
            Optional<BenchRecord> base = find(records, e.scenario(), e.metric(), seq, e.match(), null);
            if (base.isEmpty()) {
                continue;
            }
            double[] row = new double[variants.size()];
            boolean any = false;
            for (int i = 0; i < variants.size(); i++) {
                Optional<BenchRecord> r = find(records, e.scenario(), e.metric(), variants.get(i), e.match(), null);
                row[i] = r.isPresent() && r.get().value() > 0 ? base.get().value() / r.get().value() : Double.NaN;
                any |= !Double.isNaN(row[i]);
            }
            if (any) {
                groups.add(e.label());
                values.add(row);
            }
        }
        return new BarChart.Panel(title, groups, BarChart.series(variants), BarChart.matrix(values));
    }

    /** Chart 2: absolute time of every variant. */
    static BarChart absolute(List<BenchRecord> records) {
        List<String> variants = List.of("java-sequential", "mp4j-thread", "mp4j-spawn", "cpython-sequential",
                "cpython-threads", "cpython-fork", "cpython-spawn");
        List<String> groups = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        for (Experiment e : experiments(records)) {
            double[] row = new double[variants.size()];
            boolean any = false;
            for (int i = 0; i < variants.size(); i++) {
                Optional<BenchRecord> r = find(records, e.scenario(), e.metric(), variants.get(i), e.match(), null);
                row[i] = r.map(Charts::seconds).filter(v -> v > 0).orElse(Double.NaN);
                any |= !Double.isNaN(row[i]);
            }
            if (any) {
                groups.add(e.label());
                values.add(row);
            }
        }
        BarChart c = new BarChart("Absolute time of every variant, Java and CPython (log scale, lower is better)",
                "time (log scale)", List.of(new BarChart.Panel("", groups, BarChart.series(variants), BarChart.matrix(values))),
                null, null, Drawing::seconds, Drawing::seconds);
        return c;
    }

    /** Chart 3: the cost of starting work. */
    static BarChart startCost(List<BenchRecord> records) {
        List<String> names = List.of("java-hello", "mp4j-spawn cold", "mp4j-spawn default", "mp4j-spawn warm", "mp4j-thread",
                "cpython-fork", "cpython-spawn", "ideal (the sleep itself)");
        record Group(String label, String scenario, String metric, Map<String, String> match, double ideal) {
        }
        List<Group> gs = new ArrayList<>();
        gs.add(new Group("spawn\nstart+join", "spawn", "start+join", Map.of(), Double.NaN));
        gs.add(new Group("pool-start\nPool(2) to 1st result", "pool-start", "pool start to first result", Map.of(), Double.NaN));
        for (BenchRecord r : records) {
            if (r.scenario().equals("spawn-many") && r.variant().equals("mp4j-spawn") && "cold".equals(r.params().get("start"))
                    && r.params().get("sleep_s") instanceof Number s) {
                gs.add(new Group("spawn-many\n10 x sleep " + Drawing.num(s.doubleValue()) + " s", "spawn-many", "total",
                        Map.of("sleep_s", str(s)), s.doubleValue()));
            }
        }
        for (BenchRecord r : records) {
            if (r.scenario().equals("sleep") && r.variant().equals("mp4j-spawn") && "cold".equals(r.params().get("start"))
                    && r.params().get("sleep_s") instanceof Number s) {
                String form = String.valueOf(r.params().get("form"));
                boolean pool = form.equals("pool-map");
                gs.add(new Group(pool ? "sleep: Pool(5).map\n10 sleeps to " + Drawing.num(s.doubleValue()) + " s"
                        : "sleep: 10 processes\nx " + Drawing.num(s.doubleValue()) + " s", "sleep", "total",
                        Map.of("form", form, "sleep_s", str(s)), pool ? s.doubleValue() * 1.5 : s.doubleValue()));
            }
        }
        List<String> groups = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        for (Group gr : gs) {
            double[] row = new double[names.size()];
            boolean any = false;
            for (int i = 0; i < names.size() - 1; i++) {
                String[] vs = names.get(i).split(" ");
                Optional<BenchRecord> r = find(records, gr.scenario(), gr.metric(), vs[0], gr.match(), vs.length > 1 ? vs[1] : null);
                row[i] = r.map(Charts::seconds).filter(v -> v > 0).orElse(Double.NaN);
                any |= !Double.isNaN(row[i]);
            }
            row[names.size() - 1] = gr.ideal();
            if (any) {
                groups.add(gr.label());
                values.add(row);
            }
        }
        return new BarChart("The cost of starting work (log scale, lower is better; cold = no spare JVM)",
                "time (log scale)", List.of(new BarChart.Panel("", groups, BarChart.series(names), BarChart.matrix(values))),
                null, null, Drawing::seconds, Drawing::seconds);
    }

    /** Chart 4: sqrt, total time against N. */
    static LogLineChart sqrtOverhead(List<BenchRecord> records) {
        Map<String, LogLineChart.Line> lines = new LinkedHashMap<>();
        for (BenchRecord r : records) {
            if (!r.scenario().equals("sqrt") || !r.metric().equals("total") || !(r.params().get("n") instanceof Number n)
                    || r.value() <= 0) {
                continue;
            }
            Object pool = r.params().get("pool");
            boolean cold = "cold".equals(pool);
            String name = r.variant() + (pool == null ? "" : cold ? " new pool" : " warm pool");
            lines.computeIfAbsent(name, k -> new LogLineChart.Line(k, colorOf(r.variant(), 0), cold, new TreeMap<>()))
                    .points().put(n.doubleValue(), seconds(r));
        }
        List<LogLineChart.Line> sorted = new ArrayList<>(lines.values());
        sorted.sort(java.util.Comparator.comparing(LogLineChart.Line::dashed));
        return new LogLineChart("sqrt over range(10, N): time against N (log-log; dashed = a new pool, its start included)",
                "N (numbers)", "total time (log scale)", sorted);
    }

    /** Fixed colours per variant family, so every chart reads the same. */
    static Color colorOf(String variant, int fallback) {
        if (variant.startsWith("ideal")) {
            return new Color(0xBBBBBB);
        }
        if (variant.startsWith("java-hello")) {
            return new Color(0x333333);
        }
        if (variant.startsWith("java-sequential")) {
            return PALETTE[7];
        }
        if (variant.startsWith("mp4j-spawn")) {
            return variant.contains("default") ? new Color(0x9DBBE3) : variant.contains("warm") ? new Color(0x1F3F75) : PALETTE[0];
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
        return PALETTE[4];
    }

    /** Used by the table and the charts alike. */
    static boolean isTaskSpan(BenchRecord r) {
        return r.metric().equals(ResultsTable.TASK_SPAN);
    }
}
