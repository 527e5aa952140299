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
 * {@code sqrt}: square roots of range(10, N) for N from 10 000 to 5 000 000, sequentially and with
 * {@code pool.map(Math::sqrt, ...)} on a warm pool and on a new one (pool start included), all
 * interleaved per size after a warm-up. The
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

    static int[] sizes(boolean quick) {
        return quick ? new int[] {10_000, 100_000, 500_000} : new int[] {10_000, 100_000, 1_000_000, 5_000_000};
    }

    @Override
    public double estimatedSeconds(boolean quick, int workers) {
        double items = 0;
        for (int n : sizes(quick)) {
            items += n;
        }
        int runs = quick ? 3 : 8;
        int pools = 2 * sizes(quick).length;
        // per run: Java ~1.1 us/item over its four pools and ~0.5 s per new spawn pool;
        // CPython ~0.75 us/item and ~0.15 s per new pool
        // about 21 variants (both sides) take less than Stats.BATCH_SECONDS a run, and repeat runs to
        // fill it in each repetition and in the calibration; those under 0.5 s start each repetition
        // with a full GC, a few seconds in all with the 5 M boxed numbers alive
        double batched = (runs + 1) * 21 * Stats.BATCH_SECONDS + (quick ? 1 : 6);
        // times 0.64 at the default size: a quiet default run took 91 s against 143 s from these terms
        return (quick ? 1.0 : 0.64)
                * (runs * (items * 1.1e-6 + pools * 0.5) + runs * (items * 0.75e-6 + pools * 0.15) + 3 + batched);
    }

    @Override
    public void run(BenchContext ctx) throws Exception {
        int[] sizes = sizes(ctx.quick());
        int workers = ctx.workers();
        // seven, so the spread can leave out one outlier at each end: the small sizes take
        // milliseconds, which one GC pause of this JVM or a time slice of another process doubles
        int reps = ctx.quick() ? 2 : 7;
        ShowcasePools.cold();
        try (Pool thread = ShowcasePools.pool("thread", workers); Pool spawn = ShowcasePools.pool("spawn", workers)) {
            Map<String, Pool> warm = Map.of("thread", thread, "spawn", spawn);
            for (int n : sizes) {
                List<Integer> xs = IntStream.range(10, n).boxed().toList();
                Map<String, Stats.Timed> variants = new LinkedHashMap<>();
                variants.put("java-sequential", Stats.timed(() -> sequential(xs)));
                for (String c : ShowcasePools.CONTEXTS) {
                    variants.put(c + " warm", Stats.timed(() -> warm.get(c).map(SqrtScenario::sqrt, xs)));
                    variants.put(c + " cold", Stats.timed(() -> {
                        try (Pool pool = ShowcasePools.pool(c, workers)) {
                            pool.map(SqrtScenario::sqrt, xs);
                        }
                    }));
                }
                Map<String, Stats.Samples> s = Stats.interleaved(reps, variants,
                        (d, k) -> ctx.progress(name() + " " + n, d, k));
                ctx.record(name(), "java-sequential", "total", s.get("java-sequential"), "s", Map.of("n", n));
                for (String c : ShowcasePools.CONTEXTS) {
                    for (String state : List.of("warm", "cold")) {
                        ctx.record(name(), ShowcasePools.variant(c), "total", s.get(c + " " + state), "s",
                                Map.of("n", n, "pool", state, "workers", workers));
                    }
                }
            }
        }
        ctx.runPython(name(), List.of("--reps", Integer.toString(reps))).forEach(ctx::record);
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
