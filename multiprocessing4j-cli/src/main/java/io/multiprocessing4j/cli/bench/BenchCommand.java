package io.multiprocessing4j.cli.bench;

import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.cli.chart.Charts;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code mp4j bench}: runs scenarios, prints a table block per scenario as it finishes, checks its
 * own figures ({@link SelfCheck}), and writes JSON, CSV, charts and an HTML report.
 *
 * <p>Scenarios run one after another; a scenario that throws is reported as failed and the others
 * still run. The exit status is 1 when any scenario failed.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Run the macro-benchmarks: Java sequential, the thread and spawn contexts, and CPython side by side.",
                "With no --scenario, runs the showcase (the scenarios marked * in --list).",
                "On a 2-CPU machine the default run takes about ${sys:mp4j.bench.defaultMinutes} minutes"
                        + " and --quick about ${sys:mp4j.bench.quickMinutes} (estimated from their sizes; "
                        + "the progress bar shows the estimate of the run at hand).",
                "Writes OUT/results.json, OUT/results.csv, charts (PNG and SVG) and OUT/index.html."})
public final class BenchCommand implements Callable<Integer> {

    static {
        // for the help text: the estimate comes from the same sizes the scenarios choose
        System.setProperty("mp4j.bench.defaultMinutes", minutes(Scenarios.all(), false));
        System.setProperty("mp4j.bench.quickMinutes", minutes(Scenarios.all(), true));
    }

    @Option(names = "--scenario", paramLabel = "NAME", description = "Run this scenario (repeatable).")
    List<String> scenarios = new ArrayList<>();

    @Option(names = "--context", paramLabel = "NAME", defaultValue = "spawn",
            description = "spawn (default) or cluster: 'cluster' adds the cluster scenario (2 local Ignite nodes"
                    + " beside spawn: perfect, map-tiny, map-auto, apply-latency, crash-recovery, cluster-start).")
    String context;

    @Option(names = "--list", description = "List the scenarios and exit.")
    boolean list;

    @Option(names = "--all", description = "Run every scenario.")
    boolean all;

    @Option(names = "--quick", description = "Small sizes and few repetitions (CI smoke test).")
    boolean quick;

    @Option(names = "--workers", paramLabel = "N", description = "Worker count (default: CPU count).")
    Integer workers;

    @Option(names = "--python", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Also run CPython (default: on when python3 is on the PATH).")
    boolean python;

    @Option(names = "--json", paramLabel = "FILE", description = "JSON results (default: OUT/results.json).")
    Path json;

    @Option(names = "--csv", paramLabel = "FILE", description = "CSV results (default: OUT/results.csv).")
    Path csv;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "bench-results",
            description = "Directory for results, charts and index.html (default: ${DEFAULT-VALUE}).")
    Path out;

    /**
     * Scales every estimate shown. Each scenario's own estimate is in turn scaled by what a quiet
     * default and {@code --quick} run of it took against its terms (2026-12-02: the default run took
     * 8 min 20 s; the scenario estimates then ran from 0.64x to 2.3x of the time, hence the factors
     * in each {@code estimatedSeconds}), measured with this value in place.
     */
    static final double CALIBRATION = 0.95;

    static String minutes(List<Scenario> known, boolean quick) {
        double s = CALIBRATION * known.stream().filter(Scenario::inDefaultRun).mapToDouble(x -> x.estimatedSeconds(quick, 2)).sum();
        return s < 90 ? String.format(Locale.ROOT, "%.1f", s / 60) : String.format(Locale.ROOT, "%.0f", s / 60);
    }

    @Override
    public Integer call() throws Exception {
        List<Scenario> known = Scenarios.all();
        if (list) {
            for (Scenario s : known) {
                System.out.printf("%s %-20s %s%n", s.inDefaultRun() ? "*" : " ", s.name(), s.description());
            }
            System.out.println("\n* = part of the default run (mp4j bench with no --scenario)");
            return 0;
        }
        List<Scenario> selected = select(known);
        if (selected == null) {
            return 2;
        }
        boolean usePython = python && PythonRunner.onPath("python3");
        if (python && !usePython) {
            System.err.println("mp4j bench: python3 is not on the PATH: CPython comparisons are off.");
        }
        int n = workers != null ? workers : Multiprocessing.cpuCount();
        int cpus = Multiprocessing.cpuCount();
        Run run = new Run(quick, n, usePython ? new PythonRunner("python3") : null);
        Map<String, String> failures = new LinkedHashMap<>();
        PrintStream o = System.out;

        // cold figures are with the workers' start-up cache, as a user gets them after a first run
        io.multiprocessing4j.cli.InfoCommand.prepareStartupCache(Multiprocessing.context("spawn"));
        double[] estimates = selected.stream().mapToDouble(s -> CALIBRATION * s.estimatedSeconds(quick, n)).toArray();
        double estimate = java.util.Arrays.stream(estimates).sum();
        System.err.printf(Locale.ROOT, "mp4j bench: %d scenario(s), about %s (estimated from the sizes chosen)%n",
                selected.size(), duration(estimate));
        long t0 = System.nanoTime();
        boolean terminal = System.console() != null;
        ProgressBar bar = terminal ? new ProgressBarBuilder().setTaskName("bench").setInitialMax(Math.round(estimate * 10))
                .setStyle(ProgressBarStyle.ASCII).setUnit(" s", 10)
                .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err, 100))
                .continuousUpdate().build() : null;
        run.bar = bar;
        // a shared host can give two vCPUs one core's divider for minutes: say so next to the figures
        o.println(HostParallelism.describe("at the start", HostParallelism.measure(cpus), cpus));
        ResultsTable.printHeader(o);
        try {
            double done = 0;
            for (int i = 0; i < selected.size(); i++) {
                Scenario s = selected.get(i);
                run.startScenario(done, estimates[i]);
                if (bar != null) {
                    bar.setExtraMessage(s.name());
                } else {
                    System.err.printf(Locale.ROOT, "mp4j bench: [%d/%d] %s (about %s)%n", i + 1, selected.size(),
                            s.name(), duration(estimates[i]));
                }
                long s0 = System.nanoTime();
                int before = run.records().size();
                try {
                    s.run(run);
                } catch (Throwable e) {
                    failures.put(s.name(), describe(e));
                }
                run.scenarioSeconds.put(s.name(), (System.nanoTime() - s0) / 1e9);
                done += estimates[i];
                if (bar != null) {
                    bar.stepTo(Math.round(done * 10));
                    System.err.print("\r\033[2K");
                    System.err.flush();
                }
                List<BenchRecord> all = run.records();
                List<BenchRecord> mine = all.subList(before, all.size());
                ResultsTable.printScenario(o, s.name(), mine, all, SelfCheck.check(all, cpus));
                if (bar == null) {
                    System.err.printf(Locale.ROOT, "mp4j bench: %s took %s (estimated %s)%n", s.name(),
                            duration(run.scenarioSeconds.get(s.name())), duration(estimates[i]));
                }
                if (failures.containsKey(s.name())) {
                    o.println("== " + s.name() + ": FAILED: " + failures.get(s.name()));
                }
                o.flush();
            }
        } finally {
            if (bar != null) {
                bar.close();
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;

        List<BenchRecord> records = run.records();
        List<SelfCheck.Suspect> suspects = SelfCheck.check(records, cpus);
        ResultsTable.printSuspects(o, suspects);
        o.println(HostParallelism.describe("at the end", HostParallelism.measure(cpus), cpus));
        o.println();
        o.println(ResultsTable.legend());
        o.printf(Locale.ROOT, "%nRan %d scenario(s) in %s with %d worker(s) on %d CPU(s)%s (estimated: %s).%n",
                selected.size(), duration(seconds), n, cpus, usePython ? "" : ", without CPython", duration(estimate));

        Files.createDirectories(out);
        Path jsonFile = json != null ? json : out.resolve("results.json");
        Path csvFile = csv != null ? csv : out.resolve("results.csv");
        writeJson(jsonFile, records);
        writeCsv(csvFile, records);
        o.println("Wrote " + jsonFile);
        o.println("Wrote " + csvFile);
        List<Path> charts = new ArrayList<>();
        try {
            charts.addAll(Charts.drawAll(records, out));
            o.println("Wrote " + charts.size() + " chart files in " + out);
        } catch (Exception | LinkageError e) {
            o.println("Charts failed: " + describe(e));
        }
        Path html = HtmlReport.write(out.resolve("index.html"), records, failures, suspects, charts,
                HtmlReport.Machine.describe(usePython ? "python3" : null, n, seconds, quick));
        o.println("Report: " + html.toAbsolutePath().normalize());
        return failures.isEmpty() ? 0 : 1;
    }

    /** @return seconds as {@code 45 s} or {@code 3 min 20 s} */
    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s < 90 ? s + " s" : (s / 60) + " min " + (s % 60) + " s";
    }

    private List<Scenario> select(List<Scenario> known) {
        if (!context.equals("spawn") && !context.equals("cluster")) {
            System.err.println("mp4j bench: --context is spawn or cluster, got '" + context + "'");
            return null;
        }
        if (context.equals("cluster") && !all && !scenarios.contains("cluster")) {
            scenarios.add("cluster"); // with no other --scenario, the cluster scenario alone
        }
        if (all) {
            return known;
        }
        if (scenarios.isEmpty()) {
            return known.stream().filter(Scenario::inDefaultRun).toList();
        }
        List<Scenario> chosen = new ArrayList<>();
        for (String name : scenarios) {
            var match = known.stream().filter(s -> s.name().equals(name)).findFirst();
            if (match.isEmpty()) {
                System.err.println("mp4j bench: unknown scenario '" + name + "'. Known: "
                        + String.join(", ", known.stream().map(Scenario::name).toList()));
                return null;
            }
            chosen.add(match.get());
        }
        return chosen;
    }

    static String describe(Throwable e) {
        String msg = e.getMessage();
        String text = e.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
        return text.replaceAll("\\s+", " ");
    }

    /** Writes the records as a JSON array, one record per line. */
    public static void writeJson(Path file, List<BenchRecord> records) throws java.io.IOException {
        createParent(file);
        Files.writeString(file, Json.writeArray(records), StandardCharsets.UTF_8);
    }

    /**
     * Writes the records as CSV: scenario,variant,metric,value,unit,min,max,lo,hi,reps,runs_per_rep,params
     * (params as k=v;k=v; the spread columns empty for a figure measured once; lo and hi leave out one
     * outlier at each end from five repetitions on; runs_per_rep: how many back-to-back runs each
     * repetition averaged, the figures being per run).
     */
    public static void writeCsv(Path file, List<BenchRecord> records) throws java.io.IOException {
        createParent(file);
        StringBuilder b = new StringBuilder("scenario,variant,metric,value,unit,min,max,lo,hi,reps,"
                + Stats.RUNS_PER_REP + ",params\n");
        for (BenchRecord r : records) {
            String params = r.params().entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .filter(e -> !List.of("min", "max", "lo", "hi", "reps", Stats.RUNS_PER_REP).contains(e.getKey()))
                    .map(e -> e.getKey() + "=" + e.getValue()).reduce((x, y) -> x + ";" + y).orElse("");
            b.append(csvCell(r.scenario())).append(',').append(csvCell(r.variant())).append(',')
                    .append(csvCell(r.metric())).append(',').append(r.value()).append(',')
                    .append(csvCell(r.unit())).append(',').append(cell(r.params().get("min"))).append(',')
                    .append(cell(r.params().get("max"))).append(',').append(cell(r.params().get("lo"))).append(',')
                    .append(cell(r.params().get("hi"))).append(',').append(cell(r.params().get("reps"))).append(',')
                    .append(cell(r.params().get(Stats.RUNS_PER_REP))).append(',')
                    .append(csvCell(params)).append('\n');
        }
        Files.writeString(file, b, StandardCharsets.UTF_8);
    }

    private static String cell(Object o) {
        return o == null ? "" : o.toString();
    }

    private static void createParent(Path file) throws java.io.IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }

    private static String csvCell(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? '"' + s.replace("\"", "\"\"") + '"' : s;
    }

    /** The {@link BenchContext} of one {@code mp4j bench} invocation. */
    static final class Run implements BenchContext {
        private final boolean quick;
        private final int workers;
        private final PythonRunner python;
        private final List<BenchRecord> records = Collections.synchronizedList(new ArrayList<>());
        final Map<String, Double> scenarioSeconds = new LinkedHashMap<>();
        ProgressBar bar;
        private double scenarioStart;
        private double scenarioEstimate;

        void startScenario(double estimatedDone, double estimate) {
            scenarioStart = estimatedDone;
            scenarioEstimate = estimate;
        }

        Run(boolean quick, int workers, PythonRunner python) {
            this.quick = quick;
            this.workers = workers;
            this.python = python;
        }

        @Override
        public boolean quick() {
            return quick;
        }

        @Override
        public int workers() {
            return workers;
        }

        @Override
        public void record(BenchRecord record) {
            records.add(record);
        }

        @Override
        public boolean python() {
            return python != null;
        }

        @Override
        public List<BenchRecord> runPython(String scenario, List<String> args) throws Exception {
            if (python == null) {
                return List.of();
            }
            return python.run(scenario, quick, workers, args);
        }

        @Override
        public void progress(String label, long done, long total) {
            if (bar != null && total > 0) {
                bar.setExtraMessage(label + " " + done + "/" + total);
                bar.stepTo(Math.round((scenarioStart + scenarioEstimate * Math.min(1.0, (double) done / total)) * 10));
            }
        }

        List<BenchRecord> records() {
            synchronized (records) {
                return List.copyOf(records);
            }
        }
    }
}
