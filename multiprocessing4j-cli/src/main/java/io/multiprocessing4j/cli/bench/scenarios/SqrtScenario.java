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
 * {@code sqrt}: square roots of range(10, N) for N from 10 000 to 5 000 000, sequentially and with
 * {@code pool.map(Math::sqrt, ...)} on a warm pool and on a new one (pool start included). The
 * lesson: each number is far too little work to send to another process; the time is all transfer.
 */
public final class SqrtScenario implements Scenario {

    @Override
    public String name() {
        return "sqrt";
    }

    @Override
    public boolean inDefaultRun() {
        return true;
    }

    @Override
    public String description() {
        return "sqrt over range(10, N), N = 10 000 .. 5 000 000: where process overhead dominates";
    }

    @Override
    public void run(BenchContext ctx) throws Exception {
        int[] sizes = ctx.quick() ? new int[] {10_000, 100_000, 500_000} : new int[] {10_000, 100_000, 1_000_000, 5_000_000};
        int workers = ctx.workers();
        for (int n : sizes) {
            List<Integer> xs = IntStream.range(10, n).boxed().toList();
            int reps = n >= 5_000_000 ? 1 : 3;
            sequential(xs); // JIT warm-up
            ctx.record(name(), "java-sequential", "total", Stats.medianSeconds(reps, () -> sequential(xs)), "s", Map.of("n", n));
        }
        for (String c : ShowcasePools.CONTEXTS) {
            try (Pool pool = ShowcasePools.pool(c, workers)) {
                pool.map(SqrtScenario::sqrt, IntStream.range(10, 10_000).boxed().toList());
                for (int n : sizes) {
                    List<Integer> xs = IntStream.range(10, n).boxed().toList();
                    int reps = n >= 5_000_000 ? 1 : 3;
                    double t = Stats.medianSeconds(reps, () -> pool.map(SqrtScenario::sqrt, xs));
                    ctx.record(name(), ShowcasePools.variant(c), "total", t, "s", Map.of("n", n, "pool", "warm", "workers", workers));
                }
            }
            for (int n : sizes) {
                List<Integer> xs = IntStream.range(10, n).boxed().toList();
                double t = Stats.seconds(() -> {
                    try (Pool pool = ShowcasePools.pool(c, workers)) {
                        pool.map(SqrtScenario::sqrt, xs);
                    }
                });
                ctx.record(name(), ShowcasePools.variant(c), "total", t, "s", Map.of("n", n, "pool", "cold", "workers", workers));
            }
        }
        ctx.runPython(name(), List.of()).forEach(ctx::record);
    }

    static Double sqrt(Integer x) {
        return Math.sqrt(x);
    }

    private static List<Double> sequential(List<Integer> xs) {
        List<Double> out = new ArrayList<>(xs.size());
        for (Integer x : xs) {
            out.add(Math.sqrt(x));
        }
        return out;
    }
}
