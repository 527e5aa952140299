package io.multiprocessing4j.cli.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Prints the records of a run as a terminal table, with speed-ups and ratios vs CPython. */
public final class ResultsTable {

    /** Metric of per-task timeline records: kept for the charts, not shown in the table. */
    public static final String TASK_SPAN = "task span";

    private ResultsTable() {
    }

    /**
     * Prints the table.
     *
     * @param records the figures, in the order they were measured
     * @param failures scenario name → what went wrong, shown as failed rows
     */
    public static void print(PrintStream out, List<BenchRecord> records, Map<String, String> failures) {
        Comparisons cmp = new Comparisons(records);
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"scenario", "variant", "metric", "value", "vs java-seq", "vs CPython", "params"});
        for (BenchRecord r : records) {
            if (r.metric().equals(TASK_SPAN)) {
                continue;
            }
            rows.add(new String[] {
                    r.scenario(), r.variant(), r.metric(), formatValue(r.value(), r.unit()),
                    cmp.speedupVsSequential(r).map(ResultsTable::times).orElse(""),
                    cmp.ratioVsCpython(r).map(ResultsTable::times).orElse(""),
                    formatParams(r.params())});
        }
        failures.forEach((scenario, why) ->
                rows.add(new String[] {scenario, "FAILED", why, "", "", "", ""}));
        int[] w = new int[rows.getFirst().length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                w[i] = Math.max(w[i], Math.min(row[i].length(), i == 2 && row[1].equals("FAILED") ? 0 : 60));
            }
        }
        String previous = null;
        for (int n = 0; n < rows.size(); n++) {
            String[] row = rows.get(n);
            if (n > 1 && !row[0].equals(previous)) {
                out.println();
            }
            previous = row[0];
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                String cell = row[i];
                boolean right = i == 3 || i == 4 || i == 5;
                b.append(right ? pad(cell, w[i], true) : (i == row.length - 1 ? cell : pad(cell, w[i], false)));
                b.append("  ");
            }
            out.println(b.toString().stripTrailing());
            if (n == 0) {
                int total = 0;
                for (int x : w) {
                    total += x + 2;
                }
                out.println("-".repeat(Math.min(total, 160)));
            }
        }
        out.println();
        out.println("vs java-seq: times faster than the java-sequential figure of the same metric;"
                + " vs CPython: times faster than CPython (same metric, fork where it ran, else spawn)."
                + " Above 1 = the row wins.");
    }

    static String times(double x) {
        return String.format(Locale.ROOT, x >= 100 ? "%.0fx" : x >= 10 ? "%.1fx" : x >= 0.1 ? "%.2fx" : "%.2gx", x);
    }

    /** @return the value with about three significant digits and its unit */
    public static String formatValue(double v, String unit) {
        String num;
        if (Double.isNaN(v)) {
            num = "n/a";
        } else if (v == -1 && unit.equals("s")) {
            num = "hang";
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

    private static String pad(String s, int w, boolean right) {
        if (s.length() >= w) {
            return s;
        }
        String sp = " ".repeat(w - s.length());
        return right ? sp + s : s + sp;
    }
}
