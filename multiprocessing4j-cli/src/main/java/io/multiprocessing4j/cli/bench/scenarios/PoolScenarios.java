package io.multiprocessing4j.cli.bench.scenarios;

import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.cli.bench.BenchContext;
import io.multiprocessing4j.cli.bench.BenchRecord;
import io.multiprocessing4j.cli.bench.Scenario;
import io.multiprocessing4j.cli.bench.Stats;
import io.multiprocessing4j.pool.Outcome;
import io.multiprocessing4j.pool.Pool;
import io.multiprocessing4j.pool.ProcessPoolExecutor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The pool's benchmark scenarios (issue 3): start-up, apply latency, map throughput with tiny
 * tasks, and crash recovery. Each measures the spawn and thread contexts and asks the CPython
 * script for the same figures in the same run.
 */
public final class PoolScenarios {
    private PoolScenarios() {
    }

    /** @return the scenarios, in the order they are listed */
    public static List<Scenario> all() {
        return List.of(new PoolStart(), new ApplyLatency(), new MapTiny(), new MapAuto(), new CrashRecovery());
    }

    static List<Integer> ints(int n) {
        return IntStream.range(0, n).boxed().toList();
    }

    static double median(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2.0;
    }

    static void python(BenchContext ctx, String scenario, List<String> args) {
        try {
            for (BenchRecord r : ctx.runPython(scenario, args)) {
                ctx.record(r);
            }
        } catch (Exception e) {
            System.err.println("CPython side of " + scenario + " failed: " + e.getMessage());
        }
    }

    static Integer identity(Integer x) {
        return x;
    }

    /**
     * How long a warm pool is used before it is timed. A worker JVM's compiler needs a few million
     * tiny items, while both cores also run the other worker and the caller, before its loop runs
     * at full speed as a long-lived pool's does: after 1 s the repetitions of {@code map-auto} still
     * fell from about 200 ms to 60 ms, after 3 s they are flat.
     */
    static final long POOL_WARM_UP_NANOS = 3_000_000_000L;
    /** The same for code in this JVM alone ({@code java-sequential}) and for {@code --quick}. */
    static final long SHORT_WARM_UP_NANOS = 1_000_000_000L;

    /**
     * Runs {@code call} for at least {@code nanos} (at least twice). The timed repetitions must then
     * run the same {@code call}: a different call site means a different function object, which
     * the pool defines anew in its workers and their compiled loops see as a new class.
     * CPython, with no compiler to wait for, warms up with one small map.
     */
    static void warmUp(Runnable call, long nanos) {
        long t0 = System.nanoTime();
        for (int i = 0; i < 2 || System.nanoTime() - t0 < nanos; i++) {
            call.run();
        }
    }

    /** {@code Pool(2)} created → first {@code apply} result, cold and from warm spares. */
    static final class PoolStart implements Scenario {
        @Override
        public String name() {
            return "pool-start";
        }

        @Override
        public String description() {
            return "Pool(2) created -> first apply result: cold (no spare), default spares, threads";
        }

        @Override
        public void run(BenchContext ctx) throws Exception {
            int reps = ctx.quick() ? 3 : 7;
            MpContext thread = Multiprocessing.context("thread");
            Map<String, io.multiprocessing4j.cli.bench.Stats.Timed> variants = new java.util.LinkedHashMap<>();
            variants.put("cold", () -> startToFirstResult(ShowcasePools.cold()) / 1e9);
            variants.put("default", () -> startToFirstResult(ShowcasePools.withDefaultSpares()) / 1e9);
            variants.put("thread", () -> startToFirstResult(thread) / 1e9);
            var s = io.multiprocessing4j.cli.bench.Stats.interleaved(reps, variants, (d, k) -> ctx.progress(name(), d, k));
            ShowcasePools.cold();
            String m = "pool start to first result";
            ctx.record(name(), "mp4j-spawn", m, s.get("cold").scaled(1000), "ms", Map.of(ShowcasePools.START, "cold"));
            ctx.record(name(), "mp4j-spawn", m, s.get("default").scaled(1000), "ms",
                    Map.of(ShowcasePools.START, "default", "spares", ShowcasePools.DEFAULT_SPARES));
            ctx.record(name(), "mp4j-thread", m, s.get("thread").scaled(1000), "ms", Map.of());
            python(ctx, name(), List.of("--reps", Integer.toString(reps)));
        }

        private static long startToFirstResult(MpContext c) {
            long t0 = System.nanoTime();
            try (Pool p = c.pool(2)) {
                p.apply(PoolScenarios::identity, 1);
                return System.nanoTime() - t0;
            }
        }
    }

    /** {@code apply(noop)} round trip on a warm pool, unpinned and pinned to one CPU. */
    static final class ApplyLatency implements Scenario {
        @Override
        public String name() {
            return "apply-latency";
        }

        @Override
        public String description() {
            return "apply(noop) round trip on a warm pool, median, unpinned and pinned to CPU 0";
        }

        @Override
        public void run(BenchContext ctx) throws Exception {
            int n = ctx.quick() ? 2_000 : 20_000;
            for (String context : List.of("spawn", "thread")) {
                try (Pool p = Multiprocessing.context(context).pool(1)) {
                    long workerPid = p.apply(() -> ProcessHandle.current().pid());
                    ctx.record(name(), "mp4j-" + context, "median round trip", measure(p, n) / 1e3, "us",
                            Map.of("pinned", false));
                    if (context.equals("spawn") && Pinning.available()) {
                        Pinning.pin(List.of(ProcessHandle.current().pid(), workerPid), "0");
                        try {
                            ctx.record(name(), "mp4j-spawn", "median round trip", measure(p, n) / 1e3, "us",
                                    Map.of("pinned", true));
                        } finally {
                            Pinning.pin(List.of(ProcessHandle.current().pid()), Pinning.allCpus());
                        }
                    }
                }
            }
            python(ctx, name(), List.of("--n", Integer.toString(n)));
            if (Pinning.available()) {
                python(ctx, name(), List.of("--n", Integer.toString(n), "--pinned"));
            }
        }

        private static double measure(Pool p, int n) {
            for (int i = 0; i < n / 4; i++) {
                p.apply(PoolScenarios::identity, i);
            }
            long[] t = new long[n];
            for (int i = 0; i < n; i++) {
                long t0 = System.nanoTime();
                p.apply(PoolScenarios::identity, i);
                t[i] = System.nanoTime() - t0;
            }
            return median(t);
        }
    }

    /** {@code map(identity, 100 000 ints, chunksize 1)} and the executor's map. */
    static final class MapTiny implements Scenario {
        @Override
        public String name() {
            return "map-tiny";
        }

        @Override
        public String description() {
            return "map(identity, 100 000 ints, chunksize 1) on a warm pool of 2; also ProcessPoolExecutor.map";
        }

        @Override
        public void run(BenchContext ctx) throws Exception {
            int n = ctx.quick() ? 20_000 : 100_000;
            List<Integer> xs = ints(n);
            for (String context : List.of("spawn", "thread")) {
                try (Pool p = Multiprocessing.context(context).pool(2)) {
                    p.map(PoolScenarios::identity, xs, 1); // warm-up: JIT in the workers
                    long best = Long.MAX_VALUE;
                    for (int r = 0; r < 3; r++) {
                        long t0 = System.nanoTime();
                        p.map(PoolScenarios::identity, xs, 1);
                        best = Math.min(best, System.nanoTime() - t0);
                    }
                    ctx.record(name(), "mp4j-" + context, "tasks/s", n / (best / 1e9), "tasks/s", Map.of("n", n, "chunksize", 1));
                }
                try (ProcessPoolExecutor ex = Multiprocessing.context(context).processPoolExecutor(2)) {
                    drain(ex.map(PoolScenarios::identity, xs));
                    long t0 = System.nanoTime();
                    drain(ex.map(PoolScenarios::identity, xs));
                    long t = System.nanoTime() - t0;
                    ctx.record(name(), "mp4j-" + context + "-executor", "tasks/s", n / (t / 1e9), "tasks/s", Map.of("n", n));
                }
            }
            python(ctx, name(), List.of("--n", Integer.toString(n)));
        }

        private static void drain(Iterable<?> it) {
            for (Object ignored : it) {
                // consume
            }
        }
    }

    /** {@code map(identity, 1 000 000 ints)} with automatic chunks on a warm pool. */
    static final class MapAuto implements Scenario {
        @Override
        public String name() {
            return "map-auto";
        }

        @Override
        public String description() {
            return "map(identity, 1 000 000 ints) with automatic chunks on a warm pool of 2 (3 s of warm-up, then the median of 5 maps)";
        }

        @Override
        public void run(BenchContext ctx) throws Exception {
            int n = ctx.quick() ? 200_000 : 1_000_000;
            List<Integer> xs = ints(n);
            for (String context : List.of("spawn", "thread")) {
                try (Pool p = Multiprocessing.context(context).pool(2)) {
                    Runnable call = () -> p.map(PoolScenarios::identity, xs);
                    warmUp(call, ctx.quick() ? SHORT_WARM_UP_NANOS : POOL_WARM_UP_NANOS);
                    double[] seconds = new double[ctx.quick() ? 3 : 5];
                    for (int r = 0; r < seconds.length; r++) {
                        Stats.collectGarbage(); // each repetition starts with an empty young generation
                        long t0 = System.nanoTime();
                        call.run();
                        seconds[r] = (System.nanoTime() - t0) / 1e9;
                    }
                    ctx.record(name(), "mp4j-" + context, "tasks/s", new Stats.Samples(seconds).inverted(n), "tasks/s", Map.of("n", n));
                }
            }
            Runnable sequential = () -> sequentialIdentity(xs);
            warmUp(sequential, SHORT_WARM_UP_NANOS);
            double[] seconds = new double[5];
            for (int r = 0; r < seconds.length; r++) {
                Stats.collectGarbage();
                long t0 = System.nanoTime();
                sequential.run();
                seconds[r] = (System.nanoTime() - t0) / 1e9;
            }
            ctx.record(name(), "java-sequential", "tasks/s", new Stats.Samples(seconds).inverted(n), "tasks/s", Map.of("n", n));
            python(ctx, name(), List.of("--n", Integer.toString(n)));
        }
    }

    static List<Integer> sequentialIdentity(List<Integer> xs) {
        List<Integer> out = new ArrayList<>(xs.size());
        for (Integer x : xs) {
            out.add(identity(x));
        }
        return out;
    }

    /** 1 000 tasks, every 100th halts its worker: time to finish and tasks lost. */
    static final class CrashRecovery implements Scenario {
        @Override
        public String name() {
            return "crash-recovery";
        }

        @Override
        public String description() {
            return "1 000 tasks on 2 workers, every 100th calls Runtime.halt: total time and tasks lost";
        }

        static Integer haltEveryHundredth(Integer x) throws InterruptedException {
            if (x % 100 == 99) {
                Runtime.getRuntime().halt(1);
            }
            Thread.sleep(1);
            return x;
        }

        @Override
        public void run(BenchContext ctx) throws Exception {
            int n = 1000;
            long t0 = System.nanoTime();
            List<Outcome<Integer>> out;
            try (Pool p = Multiprocessing.context("spawn").pool(2)) {
                out = p.mapOutcomes(CrashRecovery::haltEveryHundredth, ints(n));
            }
            double total = (System.nanoTime() - t0) / 1e9;
            long crashed = out.stream().filter(o -> !o.isSuccess()).count();
            long lost = 0;
            for (int i = 0; i < n; i++) {
                if (i % 100 != 99 && (!out.get(i).isSuccess() || out.get(i).value() != i)) {
                    lost++;
                }
            }
            ctx.record(name(), "mp4j-spawn", "total", total, "s", Map.of("n", n, "crashes", crashed));
            ctx.record(name(), "mp4j-spawn", "lost tasks", lost, "count", Map.of("n", n, "crashes", crashed));
            python(ctx, name(), List.of());
        }
    }
}
