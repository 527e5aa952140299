package io.multiprocessing4j.cli.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bench's method, in one place: time a body, repeat it, report the median and the spread.
 *
 * <p>{@link #interleaved} is how scenarios compare variants: every variant first runs once as a
 * warm-up on the same code path, then the repetitions go round the variants in turn (the order
 * rotating each round), so that drift on a shared machine hits every variant alike.
 */
public final class Stats {

    /**
     * From this many repetitions on, the spread leaves out the fastest and the slowest one: a
     * single repetition that met a GC pause or another process's time slice says nothing about the
     * others, and on a shared 2-core machine one of nine often does.
     */
    public static final int TRIM_FROM = 5;

    private Stats() {
    }

    /** Something to time that may throw. */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    /**
     * The repetitions of one figure.
     *
     * @param values one value per repetition, in the order measured
     */
    public record Samples(double[] values) {
        public Samples {
            if (values.length == 0) {
                throw new IllegalArgumentException("samples: at least one value is needed");
            }
            values = values.clone();
        }

        /** @return the median */
        public double median() {
            return Stats.median(values);
        }

        /** @return the smallest value */
        public double min() {
            return Arrays.stream(values).min().orElseThrow();
        }

        /** @return the largest value */
        public double max() {
            return Arrays.stream(values).max().orElseThrow();
        }

        /**
         * @return the low end of the spread: the second-smallest value when there are at least
         *         {@value Stats#TRIM_FROM} repetitions (one outlier dropped), else the smallest
         */
        public double lo() {
            double[] s = values.clone();
            Arrays.sort(s);
            return s.length >= TRIM_FROM ? s[1] : s[0];
        }

        /** @return the high end of the spread: the second-largest value from {@value Stats#TRIM_FROM} repetitions on, else the largest */
        public double hi() {
            double[] s = values.clone();
            Arrays.sort(s);
            return s.length >= TRIM_FROM ? s[s.length - 2] : s[s.length - 1];
        }

        /** @return the values times {@code k} (seconds to milliseconds, or a rate from a time) */
        public Samples scaled(double k) {
            return new Samples(Arrays.stream(values).map(v -> v * k).toArray());
        }

        /** @return {@code k / value} for each value: a rate from a time */
        public Samples inverted(double k) {
            return new Samples(Arrays.stream(values).map(v -> k / v).toArray());
        }

        /**
         * @return the parameters that carry the spread: {@code min}, {@code max} (every repetition),
         *         {@code lo}, {@code hi} (one outlier left out at each end, from {@value Stats#TRIM_FROM}
         *         repetitions on) and {@code reps}
         */
        public Map<String, Object> spreadParams() {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("min", round(min()));
            p.put("max", round(max()));
            p.put("lo", round(Math.min(lo(), hi())));
            p.put("hi", round(Math.max(lo(), hi())));
            p.put("reps", values.length);
            return p;
        }

        private static double round(double v) {
            return Double.parseDouble(String.format(java.util.Locale.ROOT, "%.6g", v));
        }
    }

    /** @return the median of the values */
    public static double median(double... xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    /** @return the wall time of {@code body} in seconds */
    public static double seconds(Body body) throws Exception {
        long t0 = System.nanoTime();
        body.run();
        return (System.nanoTime() - t0) / 1e9;
    }

    /** @return the median wall time in seconds of {@code reps} runs of {@code body} */
    public static double medianSeconds(int reps, Body body) throws Exception {
        return repeat(reps, body).median();
    }

    /** @return the wall times in seconds of {@code reps} runs of {@code body}, after one warm-up run */
    public static Samples repeat(int reps, Body body) throws Exception {
        body.run();
        double[] t = new double[reps];
        for (int i = 0; i < reps; i++) {
            t[i] = seconds(body);
        }
        return new Samples(t);
    }

    /** A variant that times itself (so that its preparation is left out), in seconds. */
    @FunctionalInterface
    public interface Timed {
        double run() throws Exception;
    }

    /** @return {@code body} timed whole */
    public static Timed timed(Body body) {
        return () -> seconds(body);
    }

    /**
     * Runs every variant once as a warm-up, then {@code reps} rounds in which each variant runs once,
     * the order rotating from round to round.
     *
     * @param variants name → timed body, in a stable order
     * @param progress called after each timed run with (runs done, runs in all); may be {@code null}
     * @return name → wall times in seconds
     */
    public static Map<String, Samples> interleaved(int reps, Map<String, Timed> variants,
                                                   java.util.function.BiConsumer<Integer, Integer> progress)
            throws Exception {
        return interleaved(reps, variants, progress, true);
    }

    /**
     * As {@link #interleaved(int, Map, java.util.function.BiConsumer)}; {@code warmUp false} when the
     * caller already ran each variant's code path (for example with a shorter sleep).
     */
    public static Map<String, Samples> interleaved(int reps, Map<String, Timed> variants,
                                                   java.util.function.BiConsumer<Integer, Integer> progress,
                                                   boolean warmUp) throws Exception {
        List<String> names = new ArrayList<>(variants.keySet());
        for (String n : warmUp ? names : List.<String>of()) {
            variants.get(n).run();
        }
        Map<String, double[]> times = new LinkedHashMap<>();
        names.forEach(n -> times.put(n, new double[reps]));
        int done = 0;
        for (int r = 0; r < reps; r++) {
            for (int k = 0; k < names.size(); k++) {
                String n = names.get((k + r) % names.size());
                times.get(n)[r] = variants.get(n).run();
                if (progress != null) {
                    progress.accept(++done, reps * names.size());
                }
            }
        }
        Map<String, Samples> out = new LinkedHashMap<>();
        times.forEach((n, t) -> out.put(n, new Samples(t)));
        return out;
    }

    /**
     * @return CPU seconds used so far by this JVM's exited and reaped children (Linux
     *     {@code /proc/self/stat} cutime + cstime, at 100 ticks per second), or NaN elsewhere
     */
    public static double reapedChildrenCpuSeconds() {
        try {
            String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields after the command: state is field 3, so cutime (16) and cstime (17) are at 13 and 14
            return (Long.parseLong(f[13]) + Long.parseLong(f[14])) / 100.0;
        } catch (Exception | Error e) {
            return Double.NaN;
        }
    }
}
