package io.multiprocessing4j.cli.bench.scenarios;

import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.cli.bench.BenchContext;
import io.multiprocessing4j.cli.bench.Scenario;
import io.multiprocessing4j.process.ChildProcess;
import io.multiprocessing4j.sync.ProcessEvent;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * {@code lock-pingpong}: two processes hand control back and forth through a pair of
 * {@code ProcessEvent}s (set, wait, clear), the latency of waking another process through shared
 * memory. Reports the median round trip over batches.
 */
public final class LockPingPongScenario implements Scenario {

    record Pair(ProcessEvent ping, ProcessEvent pong, int rounds) implements Serializable {
    }

    @Override
    public String name() {
        return "lock-pingpong";
    }

    @Override
    public String description() {
        return "two processes hand an event back and forth: round-trip latency";
    }

    @Override
    public void run(BenchContext ctx) throws Exception {
        int rounds = ctx.quick() ? 5_000 : 50_000;
        int batches = ctx.quick() ? 3 : 7;
        Map<String, Object> params = ShmBenchSupport.params("rounds_per_batch", rounds, "batches", batches,
                "pinned", false, "primitive", "two ProcessEvents, set/await/clear");
        for (String c : List.of("spawn", "thread")) {
            MpContext mp = Multiprocessing.context(c);
            try (ProcessEvent ping = mp.event(); ProcessEvent pong = mp.event()) {
                Pair pair = new Pair(ping, pong, rounds * (batches + 1));
                ChildProcess p = mp.process(LockPingPongScenario::echo, pair).start();
                double[] us = new double[batches];
                for (int b = -1; b < batches; b++) { // batch -1 warms up
                    long t0 = System.nanoTime();
                    for (int i = 0; i < rounds; i++) {
                        ping.set();
                        pong.await();
                        pong.clear();
                    }
                    if (b >= 0) {
                        us[b] = (System.nanoTime() - t0) / 1e3 / rounds;
                    }
                    ctx.progress(name() + " " + c, b + 1, batches);
                }
                ShmBenchSupport.joinAll(List.of(p));
                ctx.record(name(), "mp4j-" + c, "median round trip", ShmBenchSupport.median(us), "us", params);
            }
        }
        ShmBenchSupport.python(ctx, name(), List.of("--rounds", "" + rounds, "--reps", "" + batches));
    }

    static void echo(Pair p) throws Exception {
        for (int i = 0; i < p.rounds(); i++) {
            p.ping().await();
            p.ping().clear();
            p.pong().set();
        }
    }
}
