package io.multiprocessing4j.cli.bench.scenarios;

import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.cli.bench.BenchContext;
import io.multiprocessing4j.cli.bench.Scenario;
import io.multiprocessing4j.cli.bench.Stats;
import io.multiprocessing4j.process.ChildProcess;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code spawn-many}: start ten processes that each sleep, then join them all. The ideal is the
 * sleep itself; everything above it is the cost of starting ten processes at once on this machine.
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
        return "start 10 processes that each sleep 1 s, join all (cold, and warm from 10 spares)";
    }

    @Override
    public void run(BenchContext ctx) throws Exception {
        long sleepMillis = ctx.quick() ? 200 : 1000;
        int reps = 1;
        MpContext spawn = Multiprocessing.context("spawn");
        spawn.spareWorkers(0);
        double[] cold = new double[reps];
        for (int i = 0; i < reps; i++) {
            cold[i] = startSleepJoin(spawn, sleepMillis);
        }
        double[] warm = new double[reps];
        for (int i = 0; i < reps; i++) {
            spawn.spareWorkers(PROCESSES);
            spawn.awaitSpares();
            warm[i] = startSleepJoin(spawn, sleepMillis);
        }
        spawn.spareWorkers(0);
        double[] thread = new double[reps];
        for (int i = 0; i < reps; i++) {
            thread[i] = startSleepJoin(Multiprocessing.context("thread"), sleepMillis);
        }
        double sleepS = sleepMillis / 1000.0;
        ctx.record(name(), "mp4j-spawn", "total", Stats.median(cold), "s", params(sleepS, false));
        ctx.record(name(), "mp4j-spawn", "total", Stats.median(warm), "s", params(sleepS, true));
        ctx.record(name(), "mp4j-thread", "total", Stats.median(thread), "s", params(sleepS, false));
        ctx.runPython(name(), List.of("--sleep", Double.toString(sleepS))).forEach(ctx::record);
    }

    private static Map<String, Object> params(double sleepS, boolean warm) {
        return Map.of("processes", PROCESSES, "sleep_s", sleepS, "warm", warm);
    }

    private static double startSleepJoin(MpContext ctx, long sleepMillis) throws Exception {
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
