package io.multiprocessing4j.cli.bench.scenarios;

import io.multiprocessing4j.cli.bench.BenchContext;
import io.multiprocessing4j.cli.bench.Scenario;

import java.util.List;

import static io.multiprocessing4j.cli.bench.scenarios.IpcBench.*;

/** {@code queue-small}: queue, child to parent, small ints: messages per second */
public final class QueueSmallScenario implements Scenario {
    @Override
    public String name() {
        return "queue-small";
    }

    @Override
    public String description() {
        return "queue, child to parent, small ints: messages per second";
    }

    @Override
    public void run(BenchContext ctx) throws Exception {
        int n = ctx.quick() ? 100_000 : 1_000_000;
        for (String c : CONTEXTS) {
            double[] rates = new double[reps(ctx)];
            for (int r = 0; r < rates.length; r++) {
                rates[r] = n / childToParent(context(c), 300_000, n, i -> i);
            }
            ctx.record(name(), variant(c), "msgs/s", median(rates), "msgs/s", params("messages", n, "payload", "int"));
        }
        python(ctx, name(), List.of("--n", Integer.toString(n)));
    }
}
