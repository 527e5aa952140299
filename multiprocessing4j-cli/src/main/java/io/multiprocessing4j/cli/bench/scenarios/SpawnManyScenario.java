package io.multiprocessing4j.cli.bench.scenarios;

import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.cli.bench.BenchContext;
import io.multiprocessing4j.cli.bench.Scenario;
import io.multiprocessing4j.cli.bench.Stats;
import io.multiprocessing4j.process.ChildProcess;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code spawn-many}: start ten processes that each sleep, then join them all. The ideal is the
 * sleep itself; everything above it is the cost of starting ten processes at once on this machine.
 * Cold (no spare), default (the context's default spares) and warm (ten spares) are reported apart; the variants run
 * interleaved after a warm-up with a short sleep.
 */
public final class SpawnManyScenario implements Scenario {

    static final int PROCESSES = 10;

    @Override
    public String name() {
        return "spawn-many";
    }

    @Override
    public boolean inDefaultRun() {
        return true;
    }

    @Override
    public String description() {
        return "start 10 processes that each sleep 1 s, join all: cold, default spares, 10 spares, threads";
    }

    static int reps(boolean quick) {
        return quick ? 1 : 3;
    }

    static double sleepSeconds(boolean quick) {
        return quick ? 0.2 : 1.0;
    }

    @Override
    public double estimatedSeconds(boolean quick, int workers) {
        double s = sleepSeconds(quick);
        // Java: cold (about 2.5x), default, warm (its ten spares booted again after each), thread;
        // CPython: fork and spawn
        // measured against quiet runs: 0.82x these terms at the default size, 1.2x with --quick
        return (quick ? 1.2 : 0.82) * ((reps(quick) + 0.3) * (4 * s + 7) + reps(quick) * (2 * s + 1.5));
    }

    @Override
    public void run(BenchContext ctx) throws Exception {
        double sleepS = sleepSeconds(ctx.quick());
        long sleepMillis = Math.round(sleepS * 1000);
        int reps = reps(ctx.quick());
        MpContext thread = Multiprocessing.context("thread");
        startSleepJoin(ShowcasePools.cold(), 10);
        startSleepJoin(ShowcasePools.withDefaultSpares(), 10);
        startSleepJoin(ShowcasePools.warm(PROCESSES), 10);
        startSleepJoin(thread, 10);
        Map<String, Stats.Timed> variants = new LinkedHashMap<>();
        variants.put("cold", () -> startSleepJoin(ShowcasePools.cold(), sleepMillis));
        variants.put("default", () -> startSleepJoin(ShowcasePools.withDefaultSpares(), sleepMillis));
        variants.put("warm", () -> startSleepJoin(ShowcasePools.warm(PROCESSES), sleepMillis));
        variants.put("thread", () -> startSleepJoin(thread, sleepMillis));
        Map<String, Stats.Samples> s = Stats.interleaved(reps, variants, (d, n) -> ctx.progress(name(), d, n), false);
        ShowcasePools.cold();
        ctx.record(name(), "mp4j-spawn", "total", s.get("cold"), "s", params(sleepS, "cold"));
        ctx.record(name(), "mp4j-spawn", "total", s.get("default"), "s", params(sleepS, "default"));
        ctx.record(name(), "mp4j-spawn", "total", s.get("warm"), "s", params(sleepS, "warm"));
        ctx.record(name(), "mp4j-thread", "total", s.get("thread"), "s", params(sleepS, null));
        ctx.runPython(name(), List.of("--sleep", Double.toString(sleepS), "--reps", Integer.toString(reps)))
                .forEach(ctx::record);
    }

    private static Map<String, Object> params(double sleepS, String start) {
        Map<String, Object> p = new LinkedHashMap<>(Map.of("processes", PROCESSES, "sleep_s", sleepS));
        if (start != null) {
            p.put(ShowcasePools.START, start);
        }
        return p;
    }

    static double startSleepJoin(MpContext ctx, long sleepMillis) throws Exception {
        return Stats.seconds(() -> {
            List<ChildProcess> ps = new ArrayList<>();
            for (int i = 0; i < PROCESSES; i++) {
                ps.add(ctx.process(ms -> Thread.sleep(ms), sleepMillis).start());
            }
            for (ChildProcess p : ps) {
                p.join();
            }
        });
    }
}
