package io.multiprocessing4j.cli.bench.scenarios;

import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.cli.bench.BenchContext;
import io.multiprocessing4j.cli.bench.Scenario;
import io.multiprocessing4j.cli.bench.Stats;

import java.util.List;
import java.util.Map;

/**
 * {@code spawn}: start and join a process that does nothing. Cold = a fresh worker JVM; warm = the
 * start handed to a spare worker JVM that was already running (the role of a fork server).
 */
public final class SpawnScenario implements Scenario {

    @Override
    public String name() {
        return "spawn";
    }

    @Override
    public boolean inDefaultRun() {
        return true;
    }

    @Override
    public String description() {
        return "start+join a no-op process: cold (fresh JVM) and warm (spare worker); CPython fork/spawn";
    }

    @Override
    public void run(BenchContext ctx) throws Exception {
        int reps = ctx.quick() ? 3 : 5;
        MpContext spawn = Multiprocessing.context("spawn");
        spawn.spareWorkers(0);
        startJoin(spawn); // loads the classes of this JVM's side once
        double[] cold = new double[reps];
        for (int i = 0; i < reps; i++) {
            cold[i] = startJoin(spawn);
            ctx.progress("spawn cold", i + 1, reps);
        }
        double[] warm = new double[reps];
        for (int i = 0; i < reps; i++) {
            spawn.spareWorkers(1);
            spawn.awaitSpares();
            warm[i] = startJoin(spawn);
            ctx.progress("spawn warm", i + 1, reps);
        }
        spawn.spareWorkers(0);
        Map<String, Object> p = Map.of("reps", reps);
        ctx.record(name(), "mp4j-spawn", "cold start+join", Stats.median(cold), "ms", p);
        ctx.record(name(), "mp4j-spawn", "warm start+join", Stats.median(warm), "ms", p);

        MpContext thread = Multiprocessing.context("thread");
        double[] t = new double[reps];
        for (int i = 0; i < reps; i++) {
            t[i] = startJoin(thread);
        }
        ctx.record(name(), "mp4j-thread", "cold start+join", Stats.median(t), "ms", p);

        ctx.runPython(name(), List.of()).forEach(ctx::record);
    }

    private static double startJoin(MpContext ctx) throws Exception {
        return Stats.seconds(() -> ctx.process(() -> { }).start().join()) * 1000;
    }
}
