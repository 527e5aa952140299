package io.multiprocessing4j.cli.bench.scenarios;

import io.multiprocessing4j.cli.bench.BenchContext;
import io.multiprocessing4j.cli.bench.Scenario;

import java.util.List;

import static io.multiprocessing4j.cli.bench.scenarios.IpcBench.*;

/** {@code queue-1m}: queue, child to parent, 1 MiB byte arrays: bandwidth */
public final class Queue1mScenario implements Scenario {
    @Override
    public String name() {
        return "queue-1m";
    }

    @Override
    public String description() {
        return "queue, child to parent, 1 MiB byte arrays: bandwidth";
    }

    @Override
    public void run(BenchContext ctx) throws Exception {
        int n = ctx.quick() ? 200 : 1000;
        for (String c : CONTEXTS) {
            double[] secs = new double[reps(ctx)];
            for (int r = 0; r < secs.length; r++) {
                secs[r] = childToParent(context(c), 300, n, i -> new byte[1 << 20]);
            }
            double s = median(secs);
            var p = params("messages", n, "payload", "1 MiB byte[]");
            ctx.record(name(), variant(c), "bandwidth", n * 1048576.0 / s / 1e9, "GB/s", p);
            ctx.record(name(), variant(c), "msgs/s", n / s, "msgs/s", p);
        }
        python(ctx, name(), List.of("--n", Integer.toString(n)));
    }
}
