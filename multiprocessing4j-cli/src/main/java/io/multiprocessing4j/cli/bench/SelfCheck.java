package io.multiprocessing4j.cli.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The bench checks its own figures before it shows them. A figure is <em>suspect</em> when:
 * <ul>
 *   <li>a parallel variant is faster than its own language's sequential baseline by more than
 *       {@code workers × 1.15} (workers: the figure's {@code workers}, {@code tasks} or
 *       {@code processes}, at most the CPU count): more than the machine can give;</li>
 *   <li>on the same variant, a larger size ran more than {@value #SIZE_TOLERANCE_PERCENT}% faster than
 *       a smaller one, and (where both have repetitions) even its slowest repetition beat the
 *       smaller size's fastest;</li>
 *   <li>its repetitions spread wider than 2× ({@code max / min} of the {@code min} and {@code max}
 *       parameters), unless the largest repetition is under a millisecond, where timer and
 *       scheduler noise alone can do that.</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class SelfCheck {

    /** How far a parallel speed-up may exceed the worker count before it is suspect. */
    public static final double SPEEDUP_MARGIN = 1.15;
    /** How much wider than this the max/min ratio of the repetitions may not be. */
    public static final double MAX_SPREAD = 2.0;
    /**
     * A time spread narrower than this is never suspect, whatever its ratio: the kernel's time slice
     * is 4 ms at the common HZ=250, so on a busy 2-core machine one preemption doubles a 3 ms figure.
     */
    public static final double MIN_SPREAD_SECONDS = 0.005;
    static final int SIZE_TOLERANCE_PERCENT = 10;

    /** Parameters that give a problem size, compared by the size check. */
    static final Set<String> SIZE_KEYS = Set.of("n", "tasks", "messages", "elements", "rounds", "ops");

    /**
     * A figure the bench does not trust, and why.
     *
     * @param record the figure
     * @param reason in words, with the figures that make it suspect
     */
    public record Suspect(BenchRecord record, String reason) {
    }

    private SelfCheck() {
    }

    /**
     * @param records every figure of the run (task spans are ignored)
     * @param cpus the CPUs of this machine
     * @return the suspect figures, in the order of {@code records}, one entry per reason
     */
    public static List<Suspect> check(List<BenchRecord> records, int cpus) {
        List<Suspect> out = new ArrayList<>();
        for (BenchRecord r : records) {
            if (r.metric().equals(ResultsTable.TASK_SPAN)) {
                continue;
            }
            speedup(r, records, cpus).ifPresent(out::add);
            spread(r).ifPresent(out::add);
        }
        out.addAll(sizes(records));
        List<BenchRecord> order = records;
        out.sort(Comparator.comparingInt(s -> indexOf(order, s.record())));
        return out;
    }

    private static int indexOf(List<BenchRecord> records, BenchRecord r) {
        for (int i = 0; i < records.size(); i++) {
            if (records.get(i) == r) {
                return i;
            }
        }
        return Integer.MAX_VALUE;
    }

    /** @return the sequential variant of the language {@code variant} belongs to, or null */
    static String sequentialOf(String variant) {
        if (variant.startsWith("mp4j-")) {
            return "java-sequential";
        }
        if (variant.startsWith("cpython-") && !variant.equals("cpython-sequential")) {
            return "cpython-sequential";
        }
        return null;
    }

    /** @return how many workers the figure could use at most on this machine */
    static int parallelism(BenchRecord r, int cpus) {
        for (String k : List.of("workers", "tasks", "processes", "threads")) {
            if (r.params().get(k) instanceof Number n && n.intValue() > 0) {
                return Math.min(n.intValue(), cpus);
            }
        }
        return cpus;
    }

    private static java.util.Optional<Suspect> speedup(BenchRecord r, List<BenchRecord> all, int cpus) {
        double limit = parallelism(r, cpus) * SPEEDUP_MARGIN;
        if (r.unit().equals("x") && r.metric().equals("speedup")) {
            return r.value() > limit ? java.util.Optional.of(new Suspect(r, String.format(Locale.ROOT,
                    "speed-up %.2fx is above %d workers x %.2f", r.value(), parallelism(r, cpus), SPEEDUP_MARGIN)))
                    : java.util.Optional.empty();
        }
        String seq = sequentialOf(r.variant());
        if (seq == null || r.value() <= 0) {
            return java.util.Optional.empty();
        }
        for (BenchRecord b : all) {
            if (b.variant().equals(seq) && b.unit().equals(r.unit()) && b.value() > 0
                    && Comparisons.sameMeasureLoosely(b, r)) {
                boolean lower = Comparisons.lowerIsBetter(r.unit()).orElse(true);
                double x = lower ? b.value() / r.value() : r.value() / b.value();
                if (x > limit) {
                    return java.util.Optional.of(new Suspect(r, String.format(Locale.ROOT,
                            "%.2fx faster than %s, above %d workers x %.2f", x, seq, parallelism(r, cpus), SPEEDUP_MARGIN)));
                }
                return java.util.Optional.empty();
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * The spread of a figure: its {@code lo} and {@code hi} (one outlier left out at each end) when
     * the record has them, else its {@code min} and {@code max}; null for a figure measured once.
     */
    static double[] spreadOf(BenchRecord r) {
        Object lo = r.params().containsKey("lo") ? r.params().get("lo") : r.params().get("min");
        Object hi = r.params().containsKey("hi") ? r.params().get("hi") : r.params().get("max");
        if (lo instanceof Number l && hi instanceof Number h) {
            return new double[] {l.doubleValue(), h.doubleValue()};
        }
        return null;
    }

    private static java.util.Optional<Suspect> spread(BenchRecord r) {
        double[] s = spreadOf(r);
        if (s == null) {
            return java.util.Optional.empty();
        }
        double min = s[0];
        double max = s[1];
        // a time spread of a few milliseconds is one time slice of another process, not a broken figure
        if (min <= 0 || max / min <= MAX_SPREAD || toSeconds(max - min, r.unit()) < MIN_SPREAD_SECONDS) {
            return java.util.Optional.empty();
        }
        boolean trimmed = r.params().containsKey("lo");
        return java.util.Optional.of(new Suspect(r, String.format(Locale.ROOT,
                "repetitions ranged from %s to %s (%.1fx, more than %.0fx%s)", ResultsTable.formatValue(min, r.unit()),
                ResultsTable.formatValue(max, r.unit()), max / min, MAX_SPREAD,
                trimmed && r.params().get("reps") instanceof Number n && n.intValue() >= Stats.TRIM_FROM
                        ? ", fastest and slowest left out" : "")));
    }

    /** Seconds for time units; rates and other units are left as they are (never under a millisecond). */
    private static double toSeconds(double v, String unit) {
        return switch (unit) {
            case "ms" -> v / 1e3;
            case "us" -> v / 1e6;
            case "ns" -> v / 1e9;
            default -> unit.equals("s") ? v : Double.MAX_VALUE;
        };
    }

    /** @return whether {@code larger}'s slowest repetition beat {@code smaller}'s fastest (true without spreads) */
    private static boolean rangesApart(BenchRecord larger, BenchRecord smaller) {
        if (larger.params().get("max") instanceof Number hi && smaller.params().get("min") instanceof Number lo) {
            return hi.doubleValue() < lo.doubleValue();
        }
        return true;
    }

    private static List<Suspect> sizes(List<BenchRecord> records) {
        Map<String, TreeMap<Double, BenchRecord>> groups = new LinkedHashMap<>();
        Map<String, String> sizeKeyOf = new LinkedHashMap<>();
        for (BenchRecord r : records) {
            if (r.metric().equals(ResultsTable.TASK_SPAN) || !Comparisons.lowerIsBetter(r.unit()).orElse(false)) {
                continue;
            }
            Map<String, String> m = new TreeMap<>(Comparisons.measureParams(r.params()));
            String sizeKey = m.keySet().stream().filter(SIZE_KEYS::contains).findFirst().orElse(null);
            if (sizeKey == null || !(r.params().get(sizeKey) instanceof Number size)) {
                continue;
            }
            m.remove(sizeKey);
            String group = r.scenario() + "|" + r.variant() + "|" + r.metric() + "|" + r.unit() + "|" + m;
            groups.computeIfAbsent(group, k -> new TreeMap<>()).put(size.doubleValue(), r);
            sizeKeyOf.put(group, sizeKey);
        }
        List<Suspect> out = new ArrayList<>();
        groups.forEach((group, bySize) -> {
            BenchRecord smaller = null;
            for (BenchRecord r : bySize.values()) {
                if (smaller != null && r.value() < smaller.value() * (1 - SIZE_TOLERANCE_PERCENT / 100.0)
                        && rangesApart(r, smaller)) {
                    String k = sizeKeyOf.get(group);
                    out.add(new Suspect(r, String.format(Locale.ROOT, "%s=%s ran in %s, faster than %s=%s (%s)",
                            k, r.params().get(k), ResultsTable.formatValue(r.value(), r.unit()),
                            k, smaller.params().get(k), ResultsTable.formatValue(smaller.value(), smaller.unit()))));
                }
                smaller = r;
            }
        });
        return out;
    }
}
