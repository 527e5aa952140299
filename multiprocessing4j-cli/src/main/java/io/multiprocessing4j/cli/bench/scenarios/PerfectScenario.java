package io.multiprocessing4j.cli.bench.scenarios;

import io.multiprocessing4j.cli.bench.BenchContext;
import io.multiprocessing4j.cli.bench.ResultsTable;
import io.multiprocessing4j.cli.bench.Scenario;
import io.multiprocessing4j.cli.bench.Stats;
import io.multiprocessing4j.pool.Pool;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * {@code perfect}: find the perfect numbers up to n with the naive divisor loop, sequentially and
 * with {@code pool.map(isPerfect, 1..n)} (pool start included). Also records a task timeline: the
 * same work split into blocks on the spawn pool, each task reporting its worker and its start and
 * end time, drawn by {@code mp4j chart} as one row per worker.
 */
public final class PerfectScenario implements Scenario {

    /** One task's span, measured inside the worker. */
    record Span(long pid, long startMillis, long endMillis, int found) implements Serializable {
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
        return "perfect numbers up to 20 000 (naive divisor loop): sequential vs a pool; task timeline";
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

    static Span block(int[] range) {
        long start = System.currentTimeMillis();
        int found = 0;
        for (int n = range[0]; n < range[1]; n++) {
            if (isPerfect(n)) {
                found++;
            }
        }
        return new Span(ProcessHandle.current().pid(), start, System.currentTimeMillis(), found);
    }

    @Override
    public void run(BenchContext ctx) throws Exception {
        int n = ctx.quick() ? 3000 : 20000;
        int workers = ctx.workers();
        List<Integer> numbers = IntStream.rangeClosed(1, n).boxed().toList();
        Map<String, Object> size = Map.of("n", n);

        int[] found = new int[1];
        double seq = Stats.seconds(() -> found[0] = (int) numbers.stream().filter(PerfectScenario::isPerfect).count());
        ctx.record(name(), "java-sequential", "total", seq, "s", size);

        for (String c : ShowcasePools.CONTEXTS) {
            List<Boolean>[] result = new List[1];
            double t = Stats.seconds(() -> {
                try (Pool pool = ShowcasePools.pool(c, workers)) {
                    result[0] = pool.map(PerfectScenario::isPerfect, numbers);
                }
            });
            long count = result[0].stream().filter(b -> b).count();
            if (count != found[0]) {
                throw new IllegalStateException(c + " pool found " + count + " perfect numbers, sequential found " + found[0]);
            }
            Map<String, Object> p = Map.of("n", n, "workers", workers, "includes", "pool start");
            ctx.record(name(), ShowcasePools.variant(c), "total", t, "s", p);
            ctx.record(name(), ShowcasePools.variant(c), "speedup", seq / t, "x", Map.of("n", n, "workers", workers));
        }

        // the timeline: blocks of numbers on the spawn pool, each task timing itself
        int blocks = workers * 8;
        List<int[]> ranges = new ArrayList<>();
        for (int b = 0; b < blocks; b++) {
            ranges.add(new int[] {1 + (int) ((long) n * b / blocks), 1 + (int) ((long) n * (b + 1) / blocks)});
        }
        List<Span> spans;
        try (Pool pool = ShowcasePools.pool("spawn", workers)) {
            pool.map(PerfectScenario::block, List.of(new int[] {1, 2}, new int[] {2, 3}));
            spans = pool.map(PerfectScenario::block, ranges, 1);
        }
        long t0 = spans.stream().mapToLong(Span::startMillis).min().orElse(0);
        for (int i = 0; i < spans.size(); i++) {
            Span s = spans.get(i);
            ctx.record(name(), "mp4j-spawn", ResultsTable.TASK_SPAN, s.endMillis() - s.startMillis(), "ms",
                    Map.of("worker", Long.toString(s.pid()), "start_ms", s.startMillis() - t0,
                            "end_ms", s.endMillis() - t0, "task", i, "n", n));
        }

        ctx.runPython(name(), List.of("--n", Integer.toString(n))).forEach(ctx::record);
    }
}
