package io.multiprocessing4j.cli.bench.scenarios;

import io.multiprocessing4j.cli.bench.BenchContext;
import io.multiprocessing4j.cli.bench.Scenario;
import io.multiprocessing4j.cli.bench.Stats;
import io.multiprocessing4j.pool.Pool;

import java.util.ArrayList;
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

    @Override
    public void run(BenchContext ctx) throws Exception {
        int tasks = ctx.quick() ? 20_000 : 200_000;
        int batch = ctx.quick() ? 5_000 : 50_000;
        int workers = ctx.workers();
        List<Integer> items = IntStream.range(0, tasks).boxed().toList();
        List<int[]> batches = new ArrayList<>();
        for (int i = 0; i < tasks; i += batch) {
            batches.add(IntStream.range(i, Math.min(tasks, i + batch)).toArray());
        }
        ctx.record(name(), "java-sequential", "total", Stats.medianSeconds(3, () -> {
            List<Long> out = new ArrayList<>(tasks);
            for (Integer x : items) {
                out.add(square(x));
            }
        }), "s", Map.of("tasks", tasks));
        for (String c : ShowcasePools.CONTEXTS) {
            try (Pool pool = ShowcasePools.pool(c, workers)) {
                pool.map(BatchingScenario::square, items.subList(0, 1000), 1);
                double one = Stats.seconds(() -> pool.map(BatchingScenario::square, items, 1));
                ctx.record(name(), ShowcasePools.variant(c), "total", one, "s", Map.of("tasks", tasks, "batch", 1, "workers", workers));
                double batched = Stats.medianSeconds(3, () -> pool.map(BatchingScenario::squareBatch, batches, 1));
                ctx.record(name(), ShowcasePools.variant(c), "total", batched, "s", Map.of("tasks", tasks, "batch", batch, "workers", workers));
            }
        }
        ctx.runPython(name(), List.of("--tasks", Integer.toString(tasks))).forEach(ctx::record);
    }
}
