package io.multiprocessing4j.cli.bench.scenarios;

import io.multiprocessing4j.cli.bench.BenchContext;
import io.multiprocessing4j.cli.bench.Scenario;

import java.util.List;

import static io.multiprocessing4j.cli.bench.scenarios.IpcBench.*;

/** {@code pipe-pingpong}: pipe, small object round trip parent-child, unpinned and pinned to one CPU */
public final class PipePingPongScenario implements Scenario {
    @Override
    public String name() {
        return "pipe-pingpong";
    }

    @Override
    public String description() {
        return "pipe, small object round trip parent-child, unpinned and pinned to one CPU";
    }

    @Override
    public void run(BenchContext ctx) throws Exception {
        int rounds = ctx.quick() ? 5_000 : 20_000;
        boolean canPin = canPin();
        for (String c : CONTEXTS) {
            for (boolean pinned : canPin ? new boolean[] {false, true} : new boolean[] {false}) {
                double[] us = new double[reps(ctx)];
                for (int r = 0; r < us.length; r++) {
                    us[r] = pingPong(context(c), 5_000, rounds, pinned);
                }
                ctx.record(name(), variant(c), "median round trip", median(us), "us",
                        params("round trips", rounds, "pinned", pinned));
            }
        }
        python(ctx, name(), List.of("--n", Integer.toString(rounds)));
    }
}
