package io.multiprocessing4j.cli.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Prints the records of a run as a terminal table at most {@value #WIDTH} columns wide, one block
 * per scenario. Each block's heading holds the parameters its rows share; a row shows the variant
 * (with {@code cold}/{@code default} start or {@code warm}/{@code cold} pool), what was measured,
 * the median, the spread of the repetitions ({@code max/min}), the speed-up over the same
 * language's sequential code, and who wins against CPython in the same run, in words. Suspect
 * figures are marked {@code !} and listed under the table with the reason.
 */
public final class ResultsTable {

    /** Metric of per-task timeline records: kept for the charts, not shown in the table. */
    public static final String TASK_SPAN = "task span";

    /** The widest line the table prints. */
    public static final int WIDTH = 100;

    private static final int VARIANT_W = 19;
    private static final int WHAT_W = 16;
    private static final int VALUE_W = 10;
    private static final int SPREAD_W = 5;
    private static final int SEQ_W = 7;

    /** Parameters that qualify the variant rather than the measure. */
    private static final Set<String> QUALIFIERS = Set.of("start", "pool");

    private ResultsTable() {
    }

    /** One row, ready to print. */
    record Row(BenchRecord record, String variant, String what, String value, String spread, String vsSeq, String verdict,
               boolean suspect) {
    }

    /**
     * Prints the whole table, then the suspect figures with their reasons.
     *
     * @param records the figures, in the order they were measured
     * @param failures scenario name → what went wrong, shown as failed rows
     * @param suspects the self-check's findings (may be empty)
     */
    public static void print(PrintStream out, List<BenchRecord> records, Map<String, String> failures,
                             List<SelfCheck.Suspect> suspects) {
        printHeader(out);
        Map<String, List<BenchRecord>> byScenario = new LinkedHashMap<>();
        for (BenchRecord r : records) {
            byScenario.computeIfAbsent(r.scenario(), k -> new ArrayList<>()).add(r);
        }
        for (Map.Entry<String, List<BenchRecord>> e : byScenario.entrySet()) {
            printScenario(out, e.getKey(), e.getValue(), records, suspects);
        }
        failures.forEach((scenario, why) -> out.println(fit("== " + scenario + ": FAILED: " + why)));
        printSuspects(out, suspects);
    }

    /** As {@link #print(PrintStream, List, Map, List)} with no self-check. */
    public static void print(PrintStream out, List<BenchRecord> records, Map<String, String> failures) {
        print(out, records, failures, List.of());
    }

    /** Prints the column heads. */
    public static void printHeader(PrintStream out) {
        out.println(line("variant", "measure", "median", "spread", "vs seq", "vs CPython (same run)", false));
        out.println("-".repeat(WIDTH));
    }

    /** Prints one scenario's block. {@code all} is every record of the run, for the comparisons. */
    public static void printScenario(PrintStream out, String scenario, List<BenchRecord> records,
                                     List<BenchRecord> all, List<SelfCheck.Suspect> suspects) {
        List<BenchRecord> shown = records.stream().filter(ResultsTable::shown).toList();
        if (shown.isEmpty()) {
            return;
        }
        out.println();
        out.println(fit("== " + heading(scenario, shown)));
        for (Row row : rows(shown, all, suspects)) {
            out.println(line(row.variant(), row.what(), row.value() + (row.suspect() ? "!" : " "), row.spread(),
                    row.vsSeq(), row.verdict(), true));
        }
    }

    /** Prints the suspect figures and why, or that there are none. */
    public static void printSuspects(PrintStream out, List<SelfCheck.Suspect> suspects) {
        out.println();
        if (suspects.isEmpty()) {
            out.println("Self-check: no suspect figure.");
            return;
        }
        out.println("Self-check: " + suspects.size() + " suspect figure(s), marked ! above:");
        for (SelfCheck.Suspect s : suspects) {
            BenchRecord r = s.record();
            out.println(fit("  " + r.scenario() + " " + label(r) + " " + what(r, Set.of()).strip() + ":"));
            out.println(fit("      " + s.reason()));
        }
    }

    /** @return whether the record appears in the table (task spans and speed-up duplicates do not) */
    static boolean shown(BenchRecord r) {
        return !r.metric().equals(TASK_SPAN) && !(r.metric().equals("speedup") && r.unit().equals("x"));
    }

    /** @return the rows of one scenario, grouped by what was measured */
    static List<Row> rows(List<BenchRecord> shown, List<BenchRecord> all, List<SelfCheck.Suspect> suspects) {
        Comparisons cmp = new Comparisons(all);
        Set<String> common = commonParams(shown).keySet();
        Map<String, List<BenchRecord>> byWhat = new LinkedHashMap<>();
        for (BenchRecord r : shown) {
            byWhat.computeIfAbsent(what(r, common), k -> new ArrayList<>()).add(r);
        }
        Map<BenchRecord, Boolean> suspect = new IdentityHashMap<>();
        suspects.forEach(s -> suspect.put(s.record(), true));
        boolean oneMetric = shown.stream().map(BenchRecord::metric).distinct().count() == 1;
        List<Row> rows = new ArrayList<>();
        for (Map.Entry<String, List<BenchRecord>> e : byWhat.entrySet()) {
            for (BenchRecord r : e.getValue()) {
                String w = e.getKey();
                if (oneMetric) {
                    w = w.substring(Math.min(w.length(), r.metric().length())).strip();
                }
                rows.add(new Row(r, label(r), w, formatValue(r.value(), r.unit()), spread(r),
                        speedupOverOwnSequential(r, all).map(x -> x < 0.01 ? "<0.01x" : times(x)).orElse(""),
                        verdict(r, cmp).orElse(""), suspect.containsKey(r)));
            }
        }
        return rows;
    }

    /** @return the scenario's name with the parameters every row shares */
    static String heading(String scenario, List<BenchRecord> shown) {
        Map<String, String> common = commonParams(shown);
        StringBuilder b = new StringBuilder(scenario);
        if (shown.stream().map(BenchRecord::metric).distinct().count() == 1) {
            b.append(": ").append(shown.getFirst().metric()).append(" (").append(shown.getFirst().unit()).append(')');
        }
        common.forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
        return b.toString();
    }

    /** Measure parameters with the same value on every record that has them, and present on all. */
    private static Map<String, String> commonParams(List<BenchRecord> shown) {
        Map<String, String> common = null;
        for (BenchRecord r : shown) {
            Map<String, String> m = new TreeMap<>(Comparisons.measureParams(r.params()));
            m.keySet().removeAll(QUALIFIERS);
            if (r.params().get("workers") != null) {
                m.put("workers", String.valueOf(r.params().get("workers")));
            }
            if (common == null) {
                common = new TreeMap<>(m);
            } else {
                common.entrySet().removeIf(e -> !e.getValue().equals(m.get(e.getKey())));
            }
        }
        return common == null ? Map.of() : common;
    }

    /** @return the variant with its start or pool state: {@code mp4j-spawn cold}, {@code cpython-fork warm pool} */
    static String label(BenchRecord r) {
        StringBuilder b = new StringBuilder(r.variant());
        if (r.params().get("start") != null) {
            b.append(' ').append(r.params().get("start"));
        }
        if (r.params().get("pool") != null) {
            b.append(' ').append(r.params().get("pool"));
        }
        return b.toString();
    }

    /** @return the metric and the size parameters not in {@code common} */
    static String what(BenchRecord r, Set<String> common) {
        Map<String, String> m = new TreeMap<>(Comparisons.measureParams(r.params()));
        m.keySet().removeAll(QUALIFIERS);
        m.keySet().removeAll(common);
        String sizes = m.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
        return (r.metric() + " " + sizes).strip();
    }

    private static String spread(BenchRecord r) {
        double[] s = SelfCheck.spreadOf(r);
        if (s != null && s[0] > 0) {
            return String.format(Locale.ROOT, "%.1fx", s[1] / s[0]);
        }
        return "";
    }

    /** @return how many times faster than the same language's sequential figure of the same measure */
    static Optional<Double> speedupOverOwnSequential(BenchRecord r, List<BenchRecord> all) {
        String seq = SelfCheck.sequentialOf(r.variant());
        if (seq == null || r.value() <= 0) {
            return Optional.empty();
        }
        for (BenchRecord b : all) {
            if (b.variant().equals(seq) && b.unit().equals(r.unit()) && b.value() > 0 && shown(b)
                    && Comparisons.sameMeasureLoosely(b, r)) {
                return Comparisons.lowerIsBetter(r.unit())
                        .map(lower -> lower ? b.value() / r.value() : r.value() / b.value());
            }
        }
        return Optional.empty();
    }

    /**
     * @return who wins this Java row against its CPython counterpart in the same run:
     *     {@code 2.3x faster than cpython-spawn}, {@code cpython-fork 1.4x faster}, {@code even with ...}
     */
    static Optional<String> verdict(BenchRecord r, Comparisons cmp) {
        return cmp.cpythonCounterpart(r).flatMap(b -> Comparisons.ratio(r, b).map(x -> {
            if (x >= 1.05) {
                return times(x) + " faster than " + b.variant();
            }
            if (x <= 1 / 1.05) {
                return b.variant() + " " + times(1 / x) + " faster";
            }
            return "even with " + b.variant();
        }));
    }

    static String times(double x) {
        return String.format(Locale.ROOT, x >= 10 ? "%.0fx" : x >= 0.1 ? "%.2fx" : "%.2gx", x);
    }

    /** @return the value with about three significant digits and its unit */
    public static String formatValue(double v, String unit) {
        String num;
        if (Double.isNaN(v)) {
            num = "n/a";
        } else if (v == -1 && unit.equals("s")) {
            num = "hang";
        } else if (Math.abs(v) >= 1e7) {
            num = String.format(Locale.ROOT, "%.1fM", v / 1e6);
        } else if (Math.abs(v) >= 1000) {
            num = String.format(Locale.ROOT, "%,.0f", v);
        } else if (Math.abs(v) >= 100 || v == Math.rint(v)) {
            num = String.format(Locale.ROOT, "%.0f", v);
        } else if (Math.abs(v) >= 10) {
            num = String.format(Locale.ROOT, "%.1f", v);
        } else if (Math.abs(v) >= 1) {
            num = String.format(Locale.ROOT, "%.2f", v);
        } else {
            num = String.format(Locale.ROOT, "%.3g", v);
        }
        return num + " " + unit;
    }

    static String formatParams(Map<String, Object> params) {
        return params.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }

    private static String line(String variant, String what, String value, String spread, String seq, String verdict,
                               boolean valueMarked) {
        StringBuilder b = new StringBuilder();
        b.append(pad(cut(variant, VARIANT_W), VARIANT_W, false)).append(' ');
        b.append(pad(cut(what, WHAT_W), WHAT_W, false)).append(' ');
        String v = valueMarked ? value : value + " ";
        b.append(pad(v, VALUE_W + 1, true)).append(' ');
        b.append(pad(spread, SPREAD_W, true)).append(' ');
        b.append(pad(seq, SEQ_W, true)).append("  ");
        b.append(verdict);
        return fit(b.toString().stripTrailing());
    }

    private static String fit(String s) {
        return s.length() <= WIDTH ? s : s.substring(0, WIDTH - 1) + "~";
    }

    private static String cut(String s, int w) {
        return s.length() <= w ? s : s.substring(0, w - 1) + "~";
    }

    private static String pad(String s, int w, boolean right) {
        if (s.length() >= w) {
            return s;
        }
        String sp = " ".repeat(w - s.length());
        return right ? sp + s : s + sp;
    }

    private static final long BATCH_MS = Math.round(Stats.BATCH_SECONDS * 1000);

    /** The legend printed under the table. */
    public static String legend() {
        return String.join("\n",
                "median: of the repetitions, after a warm-up; spread: slowest / fastest repetition; a time under",
                BATCH_MS + " ms is per run: each repetition times k runs back to back (k fixed in the warm-up so that",
                "a repetition lasts " + BATCH_MS + " ms; runs_per_rep in JSON and CSV) and reports their mean;",
                "vs seq: times faster than the same language's sequential code (java- or cpython-sequential);",
                "vs CPython: java-sequential against cpython-sequential, mp4j-thread against cpython-threads,",
                "mp4j-spawn and java-hello against cpython-spawn. cold = no spare JVM; default = the spawn",
                "context's default spares; warm/cold (sqrt) = an existing pool / a new one, its start included.");
    }

    /** @return the distinct scenarios in {@code records}, in order */
    static Set<String> scenarios(List<BenchRecord> records) {
        Set<String> s = new LinkedHashSet<>();
        records.forEach(r -> s.add(r.scenario()));
        return s;
    }
}
