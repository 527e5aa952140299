package io.multiprocessing4j.cli.bench.scenarios;

import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.cli.bench.BenchContext;
import io.multiprocessing4j.cli.bench.Scenario;
import io.multiprocessing4j.process.ChildProcess;
import io.multiprocessing4j.sync.ProcessBarrier;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/** {@code barrier}: 2 processes pass one {@code ProcessBarrier} 10 000 times; reports time per round. */
public final class BarrierScenario implements Scenario {

    record Job(ProcessBarrier barrier, int rounds) implements Serializable {
    }

    @Override
    public String name() {
        return "barrier";
    }

    @Override
    public String description() {
        return "2 processes x 10,000 barrier rounds: time per round";
    }

    @Override
    public void run(BenchContext ctx) throws Exception {
        int rounds = ctx.quick() ? 2_000 : 10_000;
        int reps = ctx.quick() ? 2 : 5;
        Map<String, Object> params = ShmBenchSupport.params("parties", 2, "rounds", rounds, "reps", reps);
        for (String c : List.of("spawn", "thread")) {
            MpContext mp = Multiprocessing.context(c);
            double[] us = new double[reps];
            double[] total = new double[reps];
            for (int r = 0; r < reps; r++) {
                try (ProcessBarrier bar = mp.barrier(2)) {
                    ChildProcess p = mp.process(BarrierScenario::party, new Job(bar, rounds + 1)).start();
                    bar.await(); // both ready
                    long t0 = System.nanoTime();
                    for (int i = 0; i < rounds; i++) {
                        bar.await();
                    }
                    long ns = System.nanoTime() - t0;
                    ShmBenchSupport.joinAll(List.of(p));
                    us[r] = ns / 1e3 / rounds;
                    total[r] = ns / 1e9;
                }
                ctx.progress(name() + " " + c, r + 1, reps);
            }
            ctx.record(name(), "mp4j-" + c, "time per round", ShmBenchSupport.median(us), "us", params);
            ctx.record(name(), "mp4j-" + c, "total", ShmBenchSupport.median(total), "s", params);
        }
        ShmBenchSupport.python(ctx, name(), List.of("--rounds", "" + rounds, "--reps", "" + reps));
    }

    static void party(Job j) throws Exception {
        for (int i = 0; i < j.rounds(); i++) {
            j.barrier().await();
        }
    }
}
