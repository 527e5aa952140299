package io.multiprocessing4j.cli.bench.scenarios;

import io.multiprocessing4j.cli.bench.BenchContext;
import io.multiprocessing4j.cli.bench.Scenario;
import io.multiprocessing4j.cli.bench.Stats;
import io.multiprocessing4j.pool.Pool;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * {@code batching}: many tiny tasks (squaring an int) sent one by one ({@code chunksize 1}) versus
 * in batches of 50 000 numbers per task: per-task overhead against useful work.
 */
public final class BatchingScenario implements Scenario {

    @Override
    public String name() {
        return "batching";
    }

    @Override
    public boolean inDefaultRun() {
        return true;
    }

    @Override
    public String description() {
        return "200 000 tiny tasks one by one vs in batches of 50 000";
    }

    static Long square(Integer x) {
        return (long) x * x;
    }

    static long[] squareBatch(int[] xs) {
        long[] out = new long[xs.length];
        for (int i = 0; i < xs.length; i++) {
            out[i] = (long) xs[i] * xs[i];
        }
        return out;
    }

    /**
     * Five on the Java side, so that the spread leaves out one outlier at each end (a one-by-one map
     * on the spawn pool, 0.1-0.2 s, met one slow repetition in three); CPython keeps three, its
     * one-by-one maps taking seconds each.
     */
    static int reps(boolean quick) {
        return quick ? 2 : 5;
    }

    static int pythonReps(boolean quick) {
        return quick ? 2 : 3;
    }

    @Override
    public double estimatedSeconds(boolean quick, int workers) {
        int tasks = quick ? 20_000 : 200_000;
        // the sequential and batched variants of both sides (about 8) take less than
        // Stats.BATCH_SECONDS a run and fill it with back-to-back runs, calibration included
        double batched = 8 * (reps(quick) + 2) * Stats.BATCH_SECONDS;
        // per repetition (warm-up included), from a quiet default run: Java's variants ~1.5 us a task
        // in all, CPython's ~37 us (its one-by-one maps take seconds)
        // times 1.25: quiet runs took 43 s against 35 s (default) and 10 s against 7 s (--quick)
        return 1.25 * ((reps(quick) + 1) * tasks * 1.5e-6 + (pythonReps(quick) + 1) * tasks * 37e-6 + 3 + batched);
    }

    @Override
    public void run(BenchContext ctx) throws Exception {
        int tasks = ctx.quick() ? 20_000 : 200_000;
        int batch = ctx.quick() ? 5_000 : 50_000;
        int workers = ctx.workers();
        int reps = reps(ctx.quick());
        List<Integer> items = IntStream.range(0, tasks).boxed().toList();
        List<int[]> batches = new ArrayList<>();
        for (int i = 0; i < tasks; i += batch) {
            batches.add(IntStream.range(i, Math.min(tasks, i + batch)).toArray());
        }
        ShowcasePools.cold();
        try (Pool thread = ShowcasePools.pool("thread", workers); Pool spawn = ShowcasePools.pool("spawn", workers)) {
            Map<String, Pool> pools = Map.of("thread", thread, "spawn", spawn);
            // the sequential baselines run the same functions on the same data as the pools
            Map<String, Stats.Timed> variants = new LinkedHashMap<>();
            variants.put("java-sequential 1", Stats.timed(() -> {
                List<Long> out = new ArrayList<>(tasks);
                for (Integer x : items) {
                    out.add(square(x));
                }
            }));
            variants.put("java-sequential " + batch, Stats.timed(() -> {
                List<long[]> out = new ArrayList<>(batches.size());
                for (int[] b : batches) {
                    out.add(squareBatch(b));
                }
            }));
            for (String c : ShowcasePools.CONTEXTS) {
                variants.put(c + " 1", Stats.timed(() -> pools.get(c).map(BatchingScenario::square, items, 1)));
                variants.put(c + " " + batch, Stats.timed(() -> pools.get(c).map(BatchingScenario::squareBatch, batches, 1)));
            }
            Map<String, Stats.Samples> s = Stats.interleaved(reps, variants, (d, k) -> ctx.progress(name(), d, k));
            for (int b : new int[] {1, batch}) {
                ctx.record(name(), "java-sequential", "total", s.get("java-sequential " + b), "s",
                        Map.of("tasks", tasks, "batch", b));
                for (String c : ShowcasePools.CONTEXTS) {
                    ctx.record(name(), ShowcasePools.variant(c), "total", s.get(c + " " + b), "s",
                            Map.of("tasks", tasks, "batch", b, "workers", workers));
                }
            }
        }
        ctx.runPython(name(), List.of("--tasks", Integer.toString(tasks), "--reps", Integer.toString(pythonReps(ctx.quick()))))
                .forEach(ctx::record);
    }
}
