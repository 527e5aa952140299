package io.multiprocessing4j.cli.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Writes {@code index.html}: one self-contained page (no script, no network) with the machine, the
 * verdicts against CPython, the suspect figures, the charts (PNG files next to it, by relative
 * path) and the table of every figure with its spread.
 */
public final class HtmlReport {

    private HtmlReport() {
    }

    /**
     * What the run ran on.
     *
     * @param cpus CPUs this JVM sees
     * @param jvm the JVM's version and name
     * @param os the operating system
     * @param python the CPython version, or {@code "not run"}
     * @param workers the worker count used
     * @param date when the run ended, UTC
     * @param seconds how long it took
     * @param quick whether it was {@code --quick}
     */
    public record Machine(int cpus, String jvm, String os, String python, int workers, String date, double seconds,
                          boolean quick) {

        /** @return this machine, asking {@code python} (or null) for its version */
        static Machine describe(String python, int workers, double seconds, boolean quick) {
            return new Machine(Runtime.getRuntime().availableProcessors(),
                    Runtime.version() + " (" + System.getProperty("java.vm.name") + ")",
                    System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                    python == null ? "not run" : pythonVersion(python), workers,
                    DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").format(Instant.now().atOffset(ZoneOffset.UTC)),
                    seconds, quick);
        }

        private static String pythonVersion(String python) {
            try {
                Process p = new ProcessBuilder(python, "--version").redirectErrorStream(true).start();
                String v = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
                p.waitFor(10, TimeUnit.SECONDS);
                return v.isEmpty() ? python : v;
            } catch (IOException e) {
                return python + " (version unknown: " + e.getMessage() + ")";
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return python;
            }
        }
    }

    /** Chart files in the order the page shows them, with a caption each. */
    static final Map<String, String> CAPTIONS = new LinkedHashMap<>();

    static {
        CAPTIONS.put("speedup", "Each language against itself: speed-up of each parallel form over that language's "
                + "sequential code (above the line at 1 = faster).");
        CAPTIONS.put("absolute", "Absolute time of every variant, Java and CPython together (log scale, lower is better).");
        CAPTIONS.put("start-cost", "The cost of starting work: process start, many processes, sleepers and pool start "
                + "(log scale, lower is better).");
        CAPTIONS.put("sqrt-overhead", "sqrt over range(10, N): where process overhead dominates (log-log).");
        CAPTIONS.put("timeline-perfect-mp4j-spawn", "perfect on a new spawn pool: each worker's start, then its tasks.");
    }

    /** @return {@code file}, written */
    public static Path write(Path file, List<BenchRecord> records, Map<String, String> failures,
                             List<SelfCheck.Suspect> suspects, List<Path> charts, Machine m) throws IOException {
        StringBuilder b = new StringBuilder(32_768);
        b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>mp4j bench</title>\n<style>\n")
                .append("body{font-family:sans-serif;max-width:1150px;margin:1.5em auto;padding:0 1em;color:#222}\n")
                .append("table{border-collapse:collapse;font-size:13px;margin:.4em 0 1.2em}\n")
                .append("td,th{border-bottom:1px solid #ddd;padding:3px 8px;text-align:left}\n")
                .append("td.n{text-align:right;font-variant-numeric:tabular-nums}\n")
                .append("tr.suspect td{background:#fff1d6}\nh2{margin-top:1.6em;border-bottom:2px solid #4C72B0}\n")
                .append("h3{margin:1em 0 .2em}\nimg{max-width:100%;border:1px solid #eee}\n.win{color:#1a7f37}.loss{color:#b42318}\n")
                .append("figure{margin:1em 0}figcaption{font-size:13px;color:#555}\n</style></head><body>\n");
        b.append("<h1>mp4j bench").append(m.quick() ? " (--quick)" : "").append("</h1>\n");
        b.append("<p>").append(esc(m.date())).append(" &middot; ").append(m.cpus()).append(" CPU(s) &middot; ")
                .append(m.workers()).append(" worker(s) &middot; JVM ").append(esc(m.jvm())).append(" &middot; ")
                .append(esc(m.python())).append(" &middot; ").append(esc(m.os())).append(" &middot; run took ")
                .append(esc(BenchCommand.duration(m.seconds()))).append("</p>\n");

        Comparisons cmp = new Comparisons(records);
        b.append("<h2>Verdicts against CPython (same run)</h2>\n<ul>\n");
        int wins = 0;
        int total = 0;
        for (BenchRecord r : records) {
            if (!ResultsTable.shown(r)) {
                continue;
            }
            var v = ResultsTable.verdict(r, cmp);
            if (v.isEmpty()) {
                continue;
            }
            total++;
            boolean win = v.get().contains("x faster than");
            wins += win ? 1 : 0;
            b.append("<li class=\"").append(win ? "win" : "loss").append("\">").append(esc(r.scenario())).append(": ")
                    .append(esc(ResultsTable.label(r))).append(' ').append(esc(ResultsTable.what(r, java.util.Set.of())))
                    .append(" &mdash; ").append(esc(v.get())).append("</li>\n");
        }
        b.append("</ul>\n<p>").append(wins).append(" of ").append(total).append(" Java figures ahead of CPython.</p>\n");

        b.append("<h2>Self-check</h2>\n");
        if (suspects.isEmpty()) {
            b.append("<p>No suspect figure.</p>\n");
        } else {
            b.append("<ul>\n");
            for (SelfCheck.Suspect s : suspects) {
                b.append("<li>").append(esc(s.record().scenario() + " " + ResultsTable.label(s.record()) + " "
                        + ResultsTable.what(s.record(), java.util.Set.of()))).append(": ").append(esc(s.reason())).append("</li>\n");
            }
            b.append("</ul>\n");
        }
        if (!failures.isEmpty()) {
            b.append("<h2>Failed scenarios</h2>\n<ul>\n");
            failures.forEach((k, v) -> b.append("<li>").append(esc(k)).append(": ").append(esc(v)).append("</li>\n"));
            b.append("</ul>\n");
        }

        b.append("<h2>Charts</h2>\n");
        List<String> pngs = new ArrayList<>();
        for (Path p : charts) {
            String name = p.getFileName().toString();
            if (name.endsWith(".png")) {
                pngs.add(name);
            }
        }
        List<String> ordered = new ArrayList<>();
        for (String key : CAPTIONS.keySet()) {
            if (pngs.contains(key + ".png")) {
                ordered.add(key + ".png");
            }
        }
        pngs.stream().filter(p -> !ordered.contains(p)).forEach(ordered::add);
        for (String png : ordered) {
            String key = png.substring(0, png.length() - 4);
            b.append("<figure><img src=\"").append(esc(png)).append("\" alt=\"").append(esc(key)).append("\">")
                    .append("<figcaption>").append(esc(CAPTIONS.getOrDefault(key, key))).append("</figcaption></figure>\n");
        }

        b.append("<h2>Every figure</h2>\n<p>").append(esc(ResultsTable.legend()).replace("\n", " ")).append("</p>\n");
        Map<String, List<BenchRecord>> byScenario = new LinkedHashMap<>();
        for (BenchRecord r : records) {
            byScenario.computeIfAbsent(r.scenario(), k -> new ArrayList<>()).add(r);
        }
        for (var e : byScenario.entrySet()) {
            List<BenchRecord> shown = e.getValue().stream().filter(ResultsTable::shown).toList();
            if (shown.isEmpty()) {
                continue;
            }
            b.append("<h3>").append(esc(ResultsTable.heading(e.getKey(), shown))).append("</h3>\n<table>\n")
                    .append("<tr><th>variant</th><th>measure</th><th>median</th><th>min &ndash; max (reps × runs)</th>")
                    .append("<th>vs seq</th><th>vs CPython</th></tr>\n");
            List<ResultsTable.Row> rows = ResultsTable.rows(shown, records, suspects);
            for (int i = 0; i < rows.size(); i++) {
                ResultsTable.Row row = rows.get(i);
                BenchRecord r = row.record();
                b.append("<tr").append(row.suspect() ? " class=\"suspect\"" : "").append("><td>").append(esc(row.variant()))
                        .append("</td><td>").append(esc(row.what())).append("</td><td class=\"n\">").append(esc(row.value()))
                        .append(row.suspect() ? " !" : "").append("</td><td class=\"n\">").append(esc(range(r)))
                        .append("</td><td class=\"n\">").append(esc(row.vsSeq())).append("</td><td>")
                        .append(esc(row.verdict())).append("</td></tr>\n");
            }
            b.append("</table>\n");
        }
        b.append("<p>Raw figures: <a href=\"results.json\">results.json</a>, <a href=\"results.csv\">results.csv</a>.</p>\n");
        b.append("</body></html>\n");
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, b, StandardCharsets.UTF_8);
        return file;
    }

    private static String range(BenchRecord r) {
        if (r.params().get("min") instanceof Number lo && r.params().get("max") instanceof Number hi) {
            return ResultsTable.formatValue(lo.doubleValue(), r.unit()) + " – " + ResultsTable.formatValue(hi.doubleValue(), r.unit())
                    + " (" + r.params().get("reps")
                    + (r.params().get(Stats.RUNS_PER_REP) instanceof Number k && k.intValue() > 1
                            ? " × " + k + " runs" : "") + ")";
        }
        return "";
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

}
