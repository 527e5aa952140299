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
 *
 * <p>Implementation notes: a figure of a few milliseconds cannot be timed one run at a time on a
 * busy machine: one time slice of another process (4 ms at HZ=250) or one young collection of this
 * JVM doubles it. So, as JMH does, a variant is calibrated after its warm-up run: it runs back to
 * back until the runs add up to {@value #BATCH_SECONDS} s, twice (the first time still warms up),
 * and {@value #BATCH_SECONDS} s over the fastest run of the second time gives k, the number of runs
 * in each of its repetitions, which reports the mean time per run (k is 1 for a run of {@value #BATCH_SECONDS} s or more; a warm-up run of
 * {@value #CALIBRATE_BELOW_SECONDS} s or more is not calibrated at all). Each run still times itself,
 * so what a variant leaves out of its timing (waiting for spares to boot, for children to be
 * reaped) stays out. Before each repetition of a variant
 * shorter than {@value #COLLECT_BELOW_SECONDS} s this JVM collects its garbage, so that the previous
 * variant's garbage is not collected inside this one's time.
 */
public final class Stats {

    /**
     * From this many repetitions on, the spread leaves out the fastest and the slowest one: a
     * single repetition that met a GC pause or another process's time slice says nothing about the
     * others, and on a shared 2-core machine one of nine often does.
     */
    public static final int TRIM_FROM = 5;

    /**
     * A repetition of a variant lasts at least this long: shorter runs are repeated back to back
     * (the same count in every repetition of that variant) and reported per run.
     */
    public static final double BATCH_SECONDS = 0.05;

    /** At most this many runs make one repetition, however short a run is. */
    public static final int MAX_RUNS_PER_REP = 10_000;

    /** A warm-up run this long or longer is not calibrated: it is one run per repetition. */
    public static final double CALIBRATE_BELOW_SECONDS = 0.5;

    /**
     * Variants whose warm-up run is shorter than this get a full collection of this JVM before each
     * repetition, so that no other variant's garbage is collected inside their time; longer ones
     * absorb a collection pause. Not only short runs: a map over five million numbers allocates
     * about 500 MB, and with the previous variant's garbage in the young generation a repetition
     * of 0.24 s met an evacuation pause of up to 0.9 s (spread 3.6x).
     */
    public static final double COLLECT_BELOW_SECONDS = 2.0;

    /** The parameter that records {@link Samples#runsPerRep()}, in JSON, CSV and CPython's records. */
    public static final String RUNS_PER_REP = "runs_per_rep";

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
     * @param runsPerRep how many runs each repetition timed back to back, each value being their
     *     mean per run (1: one run per repetition)
     */
    public record Samples(double[] values, int runsPerRep) {
        public Samples {
            if (values.length == 0) {
                throw new IllegalArgumentException("samples: at least one value is needed");
            }
            if (runsPerRep < 1) {
                throw new IllegalArgumentException("samples: runsPerRep must be at least 1, not " + runsPerRep);
            }
            values = values.clone();
        }

        /** @param values one value per repetition, each of one run */
        public Samples(double[] values) {
            this(values, 1);
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
            return new Samples(Arrays.stream(values).map(v -> v * k).toArray(), runsPerRep);
        }

        /** @return {@code k / value} for each value: a rate from a time */
        public Samples inverted(double k) {
            return new Samples(Arrays.stream(values).map(v -> k / v).toArray(), runsPerRep);
        }

        /**
         * @return the parameters that carry the spread: {@code min}, {@code max} (every repetition),
         *         {@code lo}, {@code hi} (one outlier left out at each end, from {@value Stats#TRIM_FROM}
         *         repetitions on), {@code reps} and {@code runs_per_rep} (the values are per run,
         *         each the mean of that many back-to-back runs)
         */
        public Map<String, Object> spreadParams() {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("min", round(min()));
            p.put("max", round(max()));
            p.put("lo", round(Math.min(lo(), hi())));
            p.put("hi", round(Math.max(lo(), hi())));
            p.put("reps", values.length);
            p.put(RUNS_PER_REP, runsPerRep);
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
     * Runs every variant once as a warm-up (and, if that run was shorter than
     * {@value #CALIBRATE_BELOW_SECONDS} s, calibrates its runs per repetition), then {@code reps}
     * rounds in which each variant runs one repetition, the order rotating from round to round.
     *
     * @param variants name → timed body, in a stable order
     * @param progress called after each repetition with (repetitions done, repetitions in all); may
     *     be {@code null}
     * @return name → seconds per run, one value per repetition
     */
    public static Map<String, Samples> interleaved(int reps, Map<String, Timed> variants,
                                                   java.util.function.BiConsumer<Integer, Integer> progress)
            throws Exception {
        return interleaved(reps, variants, progress, true);
    }

    /**
     * As {@link #interleaved(int, Map, java.util.function.BiConsumer)}; {@code warmUp false} when the
     * caller already ran each variant's code path (for example with a shorter sleep): then every
     * repetition is a single run, as there is no warm-up run to calibrate from.
     */
    public static Map<String, Samples> interleaved(int reps, Map<String, Timed> variants,
                                                   java.util.function.BiConsumer<Integer, Integer> progress,
                                                   boolean warmUp) throws Exception {
        List<String> names = new ArrayList<>(variants.keySet());
        Map<String, Integer> runs = new LinkedHashMap<>();
        Map<String, Boolean> collect = new LinkedHashMap<>();
        for (String n : names) {
            Timed v = variants.get(n);
            if (warmUp) {
                double first = v.run();
                collect.put(n, first < COLLECT_BELOW_SECONDS);
                if (collect.get(n)) {
                    collectGarbage();
                }
                runs.put(n, runsPerRep(first, v));
            } else {
                collect.put(n, false);
                runs.put(n, 1);
            }
        }
        Map<String, double[]> times = new LinkedHashMap<>();
        names.forEach(n -> times.put(n, new double[reps]));
        int done = 0;
        for (int r = 0; r < reps; r++) {
            for (int k = 0; k < names.size(); k++) {
                String n = names.get((k + r) % names.size());
                if (collect.get(n)) {
                    collectGarbage();
                }
                times.get(n)[r] = repetition(variants.get(n), runs.get(n));
                if (progress != null) {
                    progress.accept(++done, reps * names.size());
                }
            }
        }
        Map<String, Samples> out = new LinkedHashMap<>();
        times.forEach((n, t) -> out.put(n, new Samples(t, runs.get(n))));
        return out;
    }

    /**
     * @param first the warm-up run's time in seconds
     * @return 1 if {@code first} reached {@link #CALIBRATE_BELOW_SECONDS} (a run that long is never
     *     short once warm); else {@code v} runs back to back until its runs add up to
     *     {@link #BATCH_SECONDS}, twice, and the count is that time over the fastest run of the second
     *     time (at least 1, at most {@link #MAX_RUNS_PER_REP}). The first time still warms up (a
     *     first run, and often the next few, are interpreted or wait for the JIT); the fastest run,
     *     not the mean, because on a busy machine a run that met another process's time slice
     *     would make the count, and so every repetition, far shorter than meant
     */
    static int runsPerRep(double first, Timed v) throws Exception {
        if (first >= CALIBRATE_BELOW_SECONDS) {
            return 1;
        }
        fastestOfFill(v);
        double fastest = fastestOfFill(v);
        return fastest >= BATCH_SECONDS ? 1
                : (int) Math.min(MAX_RUNS_PER_REP, Math.ceil(BATCH_SECONDS / Math.max(fastest, 1e-9)));
    }

    /**
     * @return the fastest of the back-to-back runs of {@code v} that add up to {@link #BATCH_SECONDS},
     *     two at least, so that one slow run alone cannot decide
     */
    private static double fastestOfFill(Timed v) throws Exception {
        double sum = 0;
        double fastest = Double.MAX_VALUE;
        for (int k = 0; (sum < BATCH_SECONDS || k < 2) && k < MAX_RUNS_PER_REP; k++) {
            double t = v.run();
            sum += t;
            fastest = Math.min(fastest, t);
        }
        return fastest;
    }

    /** @return the mean seconds per run of {@code runs} back-to-back runs of {@code v} */
    static double repetition(Timed v, int runs) throws Exception {
        double sum = 0;
        for (int i = 0; i < runs; i++) {
            sum += v.run();
        }
        return sum / runs;
    }

    /**
     * Collects this JVM's garbage and lets the collection finish, so that the next repetition starts
     * with an empty young generation instead of paying for the previous variant's garbage.
     */
    public static void collectGarbage() {
        System.gc();
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
