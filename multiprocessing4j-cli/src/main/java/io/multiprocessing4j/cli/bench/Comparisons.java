package io.multiprocessing4j.cli.bench;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Finds, for a record, its baseline among the other records of the same run: the
 * {@code java-sequential} figure of the same metric and size (speed-up), and the CPython figure it
 * should be compared with (ratio vs CPython). Both are expressed as "times better": above 1 means
 * the record beats its baseline, whether the unit is a time (lower is better) or a rate (higher is
 * better). Units that are neither (counts, percentages, x) have no ratio.
 */
public final class Comparisons {

    /** Parameters that describe how a variant ran rather than what was measured. */
    private static final Set<String> DESCRIPTIVE = Set.of("workers", "chunksize", "note", "outcome", "reps",
            "threads", "processes", "includes", "start_method", "error", "skipped", "timeout_s", "calls", "timed",
            "batches", "primitive", "expected", "min", "max", "lo", "hi", "spares", "form_note",
            Stats.RUNS_PER_REP);

    private static final List<String> BASES = List.of("java-sequential", "mp4j-thread", "mp4j-spawn",
            "cpython-sequential", "cpython-threads", "cpython-forkserver", "cpython-fork", "cpython-spawn");

    private final List<BenchRecord> all;

    /** @param all every record of the run */
    public Comparisons(List<BenchRecord> all) {
        this.all = List.copyOf(all);
    }

    /** @return whether lower values are better for {@code unit}, empty if the unit is not comparable */
    public static Optional<Boolean> lowerIsBetter(String unit) {
        return switch (unit) {
            case "s", "ms", "us", "ns" -> Optional.of(true);
            default -> unit.endsWith("/s") ? Optional.of(false) : Optional.empty();
        };
    }

    /** @return how many times better {@code r} is than the java-sequential figure of the same metric */
    public Optional<Double> speedupVsSequential(BenchRecord r) {
        if (r.variant().equals("java-sequential") || r.variant().startsWith("cpython")) {
            return Optional.empty();
        }
        return all.stream().filter(b -> b.variant().equals("java-sequential") && sameMeasureLoosely(b, r))
                .findFirst().flatMap(b -> ratio(r, b));
    }

    /** @return how many times better {@code r} (a Java figure) is than its CPython counterpart */
    public Optional<Double> ratioVsCpython(BenchRecord r) {
        if (r.variant().startsWith("cpython")) {
            return Optional.empty();
        }
        String base = base(r.variant());
        String suffix = r.variant().substring(base.length());
        List<String> wanted = switch (base) {
            case "java-sequential" -> List.of("cpython-sequential");
            case "mp4j-thread" -> List.of("cpython-threads", "cpython-fork", "cpython-spawn");
            default -> List.of("cpython-fork", "cpython-spawn", "cpython-forkserver");
        };
        for (String w : wanted) {
            Optional<BenchRecord> b = all.stream()
                    .filter(x -> x.variant().equals(w + suffix) && sameMeasure(x, r)).findFirst();
            if (b.isPresent()) {
                return ratio(r, b.get());
            }
        }
        return Optional.empty();
    }

    /**
     * @return the CPython figure a Java figure is judged against in words, like with like:
     *     java-sequential against cpython-sequential, mp4j-thread against cpython-threads (else a
     *     process start method), mp4j-spawn and java-hello against cpython-spawn (else forkserver,
     *     else fork)
     */
    public Optional<BenchRecord> cpythonCounterpart(BenchRecord r) {
        if (r.variant().startsWith("cpython")) {
            return Optional.empty();
        }
        String base = r.variant().equals("java-hello") ? "java-hello" : base(r.variant());
        String suffix = r.variant().substring(base.length());
        List<String> wanted = switch (base) {
            case "java-sequential" -> List.of("cpython-sequential");
            case "mp4j-thread" -> List.of("cpython-threads", "cpython-fork", "cpython-spawn");
            default -> List.of("cpython-spawn", "cpython-forkserver", "cpython-fork");
        };
        for (String w : wanted) {
            Optional<BenchRecord> b = all.stream().filter(x -> x.variant().equals(w + suffix)
                    && !x.metric().equals(ResultsTable.TASK_SPAN) && sameMeasure(x, r)).findFirst();
            if (b.isPresent()) {
                return b;
            }
        }
        return Optional.empty();
    }

    /** @return the name of the CPython variant {@link #ratioVsCpython} compared with */
    static String base(String variant) {
        return BASES.stream().filter(variant::startsWith).findFirst().orElse(variant);
    }

    /** @return how many times better {@code r} is than {@code baseline}, if their unit allows */
    static Optional<Double> ratio(BenchRecord r, BenchRecord baseline) {
        if (!r.unit().equals(baseline.unit()) || baseline.value() <= 0 || r.value() <= 0) {
            return Optional.empty();
        }
        return lowerIsBetter(r.unit()).map(lower -> lower ? baseline.value() / r.value() : r.value() / baseline.value());
    }

    /**
     * Same scenario and metric, and no size parameter that both records name differs. Parameters
     * only one side has (a sequential run has no {@code pool}; the Java and Python sides describe
     * their runs differently) do not prevent the match.
     */
    public static boolean sameMeasureLoosely(BenchRecord a, BenchRecord b) {
        if (!a.scenario().equals(b.scenario()) || !a.metric().equals(b.metric())) {
            return false;
        }
        Map<String, String> x = measureParams(a.params());
        Map<String, String> y = measureParams(b.params());
        for (Map.Entry<String, String> e : x.entrySet()) {
            String other = y.get(e.getKey());
            if (other != null && !other.equals(e.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** Same as {@link #sameMeasureLoosely}. */
    static boolean sameMeasure(BenchRecord a, BenchRecord b) {
        return sameMeasureLoosely(a, b);
    }

    /** @return the parameters that identify what was measured (sizes), as comparable strings */
    public static Map<String, String> measureParams(Map<String, Object> params) {
        Map<String, String> m = new TreeMap<>();
        params.forEach((k, v) -> {
            if (!DESCRIPTIVE.contains(k)) {
                m.put(k, v instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                        ? Long.toString(n.longValue()) : String.valueOf(v));
            }
        });
        return m;
    }
}
