package io.multiprocessing4j.cli.bench.scenarios;

import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.cli.bench.BenchContext;
import io.multiprocessing4j.cli.bench.Scenario;
import io.multiprocessing4j.cli.bench.Stats;
import io.multiprocessing4j.process.ChildProcess;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code factorial}: factorial(n) four times, sequentially, on four threads and in four processes
 * (the result is not sent back, as in the tutorial this follows). For small n the processes cost
 * more than the work; in Java, unlike CPython, threads already run in parallel.
 */
public final class FactorialScenario implements Scenario {

    static final int TASKS = 4;

    @Override
    public String name() {
        return "factorial";
    }

    @Override
    public boolean inDefaultRun() {
        return true;
    }

    @Override
    public String description() {
        return "factorial(n) x 4 for n = 5000 and 20000: sequential, threads, processes (cold, default and 4 spares)";
    }

    /**
     * The work: n! as a balanced product tree, so the multiplications are of numbers of similar size
     * (CPython's math.factorial splits the product the same way; a left-to-right loop is far slower).
     */
    static BigInteger factorial(int n) {
        return n < 2 ? BigInteger.ONE : product(2, n);
    }

    private static BigInteger product(int lo, int hi) {
        if (hi - lo < 16) {
            BigInteger p = BigInteger.valueOf(lo);
            for (int i = lo + 1; i <= hi; i++) {
                p = p.multiply(BigInteger.valueOf(i));
            }
            return p;
        }
        int mid = (lo + hi) >>> 1;
        return product(lo, mid).multiply(product(mid + 1, hi));
    }

    static int reps(boolean quick) {
        return quick ? 2 : 7;
    }

    @Override
    public double estimatedSeconds(boolean quick, int workers) {
        int runs = reps(quick) + 1;
        // sequential and threads at both n (and CPython's fork at n = 5000) take less than
        // Stats.BATCH_SECONDS a run and fill it with back-to-back runs, calibration included
        double batched = 9 * (runs + 1) * Stats.BATCH_SECONDS;
        // measured against quiet runs: 1.8x these terms at the default size (87 s against 48 s), 2.8x
        // with --quick (the spares booted between variants are left out of them)
        return (quick ? 2.8 : 1.8) * (2 * runs * (1.0 + 0.6 + 0.4 + 0.1) + 2 * reps(quick) * 0.8 + 2 + batched);
    }

    @Override
    public void run(BenchContext ctx) throws Exception {
        int reps = reps(ctx.quick());
        MpContext thread = Multiprocessing.context("thread");
        for (int n : new int[] {5000, 20000}) {
            Map<String, Stats.Timed> variants = new LinkedHashMap<>();
            // the in-process variants first wait for a spare handed off before to be replaced
            variants.put("java-sequential", () -> {
                ShowcasePools.settle();
                return Stats.seconds(() -> {
                    for (int i = 0; i < TASKS; i++) {
                        factorial(n);
                    }
                });
            });
            variants.put("mp4j-thread", () -> {
                ShowcasePools.settle();
                return Stats.seconds(() -> inProcesses(thread, n));
            });
            variants.put("cold", () -> {
                MpContext c = ShowcasePools.cold();
                return Stats.seconds(() -> inProcesses(c, n));
            });
            variants.put("default", () -> {
                MpContext c = ShowcasePools.withDefaultSpares();
                return Stats.seconds(() -> inProcesses(c, n));
            });
            variants.put("warm", () -> {
                MpContext c = ShowcasePools.warm(TASKS);
                return Stats.seconds(() -> inProcesses(c, n));
            });
            for (int i = 0; i < 3; i++) {
                factorial(n); // JIT warm-up of the work itself, on top of each variant's warm-up run
            }
            Map<String, Stats.Samples> s = Stats.interleaved(reps, variants, (d, k) -> ctx.progress(name(), d, k));
            ShowcasePools.cold();
            Map<String, Object> p = Map.of("n", n, "tasks", TASKS);
            ctx.record(name(), "java-sequential", "total", s.get("java-sequential"), "s", p);
            ctx.record(name(), "mp4j-thread", "total", s.get("mp4j-thread"), "s", p);
            for (String start : List.of("cold", "default", "warm")) {
                ctx.record(name(), "mp4j-spawn", "total", s.get(start), "s",
                        Map.of("n", n, "tasks", TASKS, "note", "result not sent back", ShowcasePools.START, start));
            }
        }
        ctx.runPython(name(), List.of("--reps", Integer.toString(reps))).forEach(ctx::record);
    }

    private static void inProcesses(MpContext ctx, int n) throws Exception {
        List<ChildProcess> ps = new ArrayList<>();
        for (int i = 0; i < TASKS; i++) {
            ps.add(ctx.process(k -> factorial(k), n).start());
        }
        for (ChildProcess p : ps) {
            p.join();
        }
    }
}
