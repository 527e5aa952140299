package io.multiprocessing4j.cli.bench.scenarios;

import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.cli.bench.BenchContext;
import io.multiprocessing4j.cli.bench.Scenario;
import io.multiprocessing4j.cli.bench.Stats;
import io.multiprocessing4j.pool.Pool;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code sleep}: ten processes that each sleep 1 s (ideal: 1 s), and {@code Pool(5).map(sleep, [0.1 .. 1.0])}
 * (ideal: 1.5 s when each worker takes the next item as it frees up), pool start included. The
 * spawn context runs cold (no spare), default (its default spares) and warm (ten spares); variants run interleaved
 * after a warm-up with short sleeps.
 */
public final class SleepScenario implements Scenario {

    @Override
    public String name() {
        return "sleep";
    }

    @Override
    public boolean inDefaultRun() {
        return true;
    }

    @Override
    public String description() {
        return "10 processes x sleep 1 s; Pool(5).map(sleep, i/10 for i in 1..10): cold, default spares, 10 spares, threads";
    }

    static int reps(boolean quick) {
        return quick ? 1 : 3;
    }

    @Override
    public double estimatedSeconds(boolean quick, int workers) {
        double unit = quick ? 0.2 : 1.0;
        int reps = reps(quick);
        double java = (reps + 0.3) * (4 * unit + 5 + 4 * 1.5 * unit + 3);
        double python = reps * (2 * unit + 2 * 1.5 * unit + 1);
        // measured against quiet runs: as estimated at the default size, 1.8x with --quick
        return (quick ? 1.8 : 1.04) * (java + python);
    }

    @Override
    public void run(BenchContext ctx) throws Exception {
        double unit = ctx.quick() ? 0.2 : 1.0;
        long unitMillis = Math.round(unit * 1000);
        int reps = reps(ctx.quick());
        MpContext thread = Multiprocessing.context("thread");
        for (String start : List.of("cold", "default", "warm", "thread")) {
            SpawnManyScenario.startSleepJoin(context(start, thread), 10);
            pooled(context(start, thread), 10);
        }
        Map<String, Stats.Timed> variants = new LinkedHashMap<>();
        variants.put("processes cold", () -> SpawnManyScenario.startSleepJoin(ShowcasePools.cold(), unitMillis));
        variants.put("processes default", () -> SpawnManyScenario.startSleepJoin(ShowcasePools.withDefaultSpares(), unitMillis));
        variants.put("processes warm", () -> SpawnManyScenario.startSleepJoin(ShowcasePools.warm(WARM_SPARES), unitMillis));
        variants.put("processes thread", () -> SpawnManyScenario.startSleepJoin(thread, unitMillis));
        variants.put("pool-map cold", () -> pooled(ShowcasePools.cold(), unitMillis));
        variants.put("pool-map default", () -> pooled(ShowcasePools.withDefaultSpares(), unitMillis));
        variants.put("pool-map warm", () -> pooled(ShowcasePools.warm(WARM_SPARES), unitMillis));
        variants.put("pool-map thread", () -> pooled(thread, unitMillis));
        Map<String, Stats.Samples> s = Stats.interleaved(reps, variants, (d, n) -> ctx.progress(name(), d, n), false);
        ShowcasePools.cold();
        for (String form : List.of("processes", "pool-map")) {
            for (String start : List.of("cold", "default", "warm", "thread")) {
                Map<String, Object> p = new LinkedHashMap<>(Map.of("form", form, "sleep_s", unit));
                if (form.equals("pool-map")) {
                    p.put("workers", 5);
                }
                if (!start.equals("thread")) {
                    p.put(ShowcasePools.START, start);
                }
                ctx.record(name(), start.equals("thread") ? "mp4j-thread" : "mp4j-spawn", "total",
                        s.get(form + " " + start), "s", p);
            }
        }
        ctx.runPython(name(), List.of("--reps", Integer.toString(reps))).forEach(ctx::record);
    }

    /** Spares for the warm variants: one per process of the first form (the pool takes five). */
    static final int WARM_SPARES = 10;

    private static MpContext context(String start, MpContext thread) throws InterruptedException {
        return switch (start) {
            case "cold" -> ShowcasePools.cold();
            case "default" -> ShowcasePools.withDefaultSpares();
            case "warm" -> ShowcasePools.warm(WARM_SPARES);
            default -> thread;
        };
    }

    private static double pooled(MpContext mp, long unitMillis) throws Exception {
        List<Long> sleeps = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            sleeps.add(i * unitMillis / 10);
        }
        return Stats.seconds(() -> {
            try (Pool pool = mp.pool(5)) {
                pool.map(SleepScenario::sleepMillis, sleeps);
            }
        });
    }

    static Long sleepMillis(Long ms) throws InterruptedException {
        Thread.sleep(ms);
        return ms;
    }
}
