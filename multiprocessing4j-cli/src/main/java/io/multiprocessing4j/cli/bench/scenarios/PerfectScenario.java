package io.multiprocessing4j.cli.bench.scenarios;

import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.cli.bench.BenchContext;
import io.multiprocessing4j.cli.bench.ResultsTable;
import io.multiprocessing4j.cli.bench.Scenario;
import io.multiprocessing4j.cli.bench.Stats;
import io.multiprocessing4j.pool.Pool;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * {@code perfect}: find the perfect numbers up to n with the naive divisor loop, sequentially and
 * with {@code pool.map(isPerfect, 1..n)} (pool start included), interleaved after a warm-up.
 *
 * <p>The full size is the seed tutorial's n = 100 000, or the smallest n (in thousands) at which
 * sequential Java takes at least {@value #TARGET_SECONDS} s if that is less: below that a pool's start
 * is a large part of the work and the experiment says little. The table states the n that ran.
 *
 * <p>Also records a task timeline: the same work split into blocks on a new spawn pool, each task
 * reporting its worker and its start and end time, and each worker's start (pool created → its
 * first task) as its own bar.
 */
public final class PerfectScenario implements Scenario {

    static final double TARGET_SECONDS = 2.0;
    static final int TUTORIAL_N = 100_000;
    static final int QUICK_N = 3000;

    /** One task's span, measured inside the worker. */
    record Span(String worker, long pid, long startMillis, long endMillis, int found) implements Serializable {
    }

    @Override
    public String name() {
        return "perfect";
    }

    @Override
    public boolean inDefaultRun() {
        return true;
    }

    @Override
    public String description() {
        return "perfect numbers up to n (naive divisor loop; n = 100 000 or where Java takes 2 s): sequential vs pools";
    }

    static int reps(boolean quick) {
        return quick ? 2 : 5;
    }

    @Override
    public double estimatedSeconds(boolean quick, int workers) {
        if (quick) {
            return 8;
        }
        double java = 1 + (reps(false) + 1) * TARGET_SECONDS * (1 + 3.0 / workers) + 3 + TARGET_SECONDS / 8 * 2 / workers;
        // CPython runs the loop about 15-19 times slower than Java, once per variant at this size
        double python = TARGET_SECONDS * 19 * (1 + 2.0 / workers);
        // times 1.2: a quiet default run took 2 min 6 s against 1 min 45 s from these terms
        return 1.2 * (java + python);
    }

    static boolean isPerfect(int n) {
        long sum = 0;
        for (int i = 1; i < n; i++) {
            if (n % i == 0) {
                sum += i;
            }
        }
        return sum == n && n > 0;
    }

    static int countPerfect(List<Integer> numbers) {
        int found = 0;
        for (Integer x : numbers) {
            if (isPerfect(x)) {
                found++;
            }
        }
        return found;
    }

    static Span block(int[] range) {
        long start = System.currentTimeMillis();
        int found = 0;
        for (int n = range[0]; n < range[1]; n++) {
            if (isPerfect(n)) {
                found++;
            }
        }
        return new Span(Multiprocessing.currentProcess().name(), ProcessHandle.current().pid(), start,
                System.currentTimeMillis(), found);
    }

    /** @return the full-size n: where sequential Java takes {@link #TARGET_SECONDS}, at most the tutorial's n */
    static int fullSize() throws Exception {
        List<Integer> probe = numbers(20_000);
        countPerfect(numbers(QUICK_N));
        countPerfect(probe);
        double t = Stats.medianSeconds(1, () -> countPerfect(probe));
        // the divisor loop is quadratic in n
        double n = 20_000 * Math.sqrt(TARGET_SECONDS / Math.max(t, 1e-3));
        return (int) Math.min(TUTORIAL_N, Math.max(20_000, Math.ceil(n / 1000) * 1000));
    }

    static List<Integer> numbers(int n) {
        return IntStream.rangeClosed(1, n).boxed().toList();
    }

    @Override
    public void run(BenchContext ctx) throws Exception {
        int n = ctx.quick() ? QUICK_N : fullSize();
        int workers = ctx.workers();
        int reps = reps(ctx.quick());
        List<Integer> numbers = numbers(n);
        int expected = countPerfect(numbers);

        // warm-up on the same code path, then every variant interleaved. The pools' warm-up maps
        // every eighth number of the range: thousands of items, so that this process's own side of
        // a pool (sending chunks, taking results) is compiled before it is timed, as the sequential
        // loop is; a few hundred cheap items left it compiling during the timed runs.
        List<Integer> small = numbers(QUICK_N);
        countPerfect(small);
        List<Integer> sample = numbers.stream().filter(x -> x % 8 == 0).toList();
        for (String c : ShowcasePools.CONTEXTS) {
            try (Pool pool = ShowcasePools.pool(c, workers)) {
                pool.map(PerfectScenario::isPerfect, ctx.quick() ? small : sample);
            }
        }
        ShowcasePools.cold();
        Map<String, Stats.Timed> variants = new LinkedHashMap<>();
        // the in-process variants first wait for spares handed off before to be replaced: their
        // boots would take a core from the figure
        variants.put("java-sequential", () -> {
            ShowcasePools.settle();
            return Stats.seconds(() -> check("sequential", countPerfect(numbers), expected));
        });
        variants.put("mp4j-thread", () -> {
            ShowcasePools.settle();
            return Stats.seconds(() -> mapOnce(ShowcasePools.context("thread"), workers, numbers, expected));
        });
        variants.put("cold", () -> {
            MpContext c = ShowcasePools.cold();
            return Stats.seconds(() -> mapOnce(c, workers, numbers, expected));
        });
        variants.put("default", () -> {
            MpContext c = ShowcasePools.withDefaultSpares();
            return Stats.seconds(() -> mapOnce(c, workers, numbers, expected));
        });
        Map<String, Stats.Samples> s = Stats.interleaved(reps, variants, (d, k) -> ctx.progress(name(), d, k), false);
        ShowcasePools.cold();
        Stats.Samples seq = s.get("java-sequential");
        ctx.record(name(), "java-sequential", "total", seq, "s", Map.of("n", n));
        for (String key : List.of("mp4j-thread", "cold", "default")) {
            String v = key.equals("mp4j-thread") ? key : "mp4j-spawn";
            Map<String, Object> p = new LinkedHashMap<>(Map.of("n", n, "workers", workers, "includes", "pool start"));
            Map<String, Object> sp = new LinkedHashMap<>(Map.of("n", n, "workers", workers));
            if (!key.equals("mp4j-thread")) {
                p.put(ShowcasePools.START, key);
                sp.put(ShowcasePools.START, key);
            }
            ctx.record(name(), v, "total", s.get(key), "s", p);
            ctx.record(name(), v, "speedup", seq.median() / s.get(key).median(), "x", sp);
        }
        timeline(ctx, n, workers);
        ctx.runPython(name(), List.of("--n", Integer.toString(n), "--reps", Integer.toString(ctx.quick() ? reps : 1)))
                .forEach(ctx::record);
    }

    private static void mapOnce(MpContext mp, int workers, List<Integer> numbers, int expected) {
        try (Pool pool = mp.pool(workers)) {
            List<Boolean> r = pool.map(PerfectScenario::isPerfect, numbers);
            check(mp.name(), (int) r.stream().filter(b -> b).count(), expected);
        }
    }

    private static void check(String what, int found, int expected) {
        if (found != expected) {
            throw new IllegalStateException(what + " found " + found + " perfect numbers, expected " + expected);
        }
    }

    /** Blocks of numbers on a new cold spawn pool, each task timing itself; each worker's start as a bar. */
    private void timeline(BenchContext ctx, int n, int workers) throws Exception {
        int blocks = workers * 8;
        List<int[]> ranges = new ArrayList<>();
        for (int b = 0; b < blocks; b++) {
            ranges.add(new int[] {1 + (int) ((long) n * b / blocks), 1 + (int) ((long) n * (b + 1) / blocks)});
        }
        ShowcasePools.cold();
        long created = System.currentTimeMillis();
        List<Span> spans;
        try (Pool pool = ShowcasePools.pool("spawn", workers)) {
            spans = pool.map(PerfectScenario::block, ranges, 1);
        }
        Map<String, Long> firstStart = new LinkedHashMap<>();
        for (Span s : spans) {
            firstStart.merge(s.worker(), s.startMillis(), Math::min);
        }
        int task = 0;
        for (Map.Entry<String, Long> e : firstStart.entrySet()) {
            ctx.record(name(), "mp4j-spawn", ResultsTable.TASK_SPAN, e.getValue() - created, "ms",
                    Map.of("worker", e.getKey(), "start_ms", 0, "end_ms", e.getValue() - created, "task", -1,
                            "kind", "pool start", "n", n));
        }
        for (Span s : spans) {
            ctx.record(name(), "mp4j-spawn", ResultsTable.TASK_SPAN, s.endMillis() - s.startMillis(), "ms",
                    Map.of("worker", s.worker(), "pid", s.pid(), "start_ms", s.startMillis() - created,
                            "end_ms", s.endMillis() - created, "task", task++, "kind", "task", "n", n));
        }
    }
}
