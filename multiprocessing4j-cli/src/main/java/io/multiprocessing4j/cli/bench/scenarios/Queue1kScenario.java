package io.multiprocessing4j.cli.bench.scenarios;

import io.multiprocessing4j.cli.bench.BenchContext;
import io.multiprocessing4j.cli.bench.Scenario;

import java.util.List;

import static io.multiprocessing4j.cli.bench.scenarios.IpcBench.*;

/** {@code queue-1k}: queue, child to parent, 1 KiB byte arrays: messages per second and bandwidth */
public final class Queue1kScenario implements Scenario {
    @Override
    public String name() {
        return "queue-1k";
    }

    @Override
    public String description() {
        return "queue, child to parent, 1 KiB byte arrays: messages per second and bandwidth";
    }

    @Override
    public void run(BenchContext ctx) throws Exception {
        int n = ctx.quick() ? 50_000 : 200_000;
        for (String c : CONTEXTS) {
            double[] secs = new double[reps(ctx)];
            for (int r = 0; r < secs.length; r++) {
                secs[r] = childToParent(context(c), 100_000, n, i -> new byte[1024]);
            }
            double s = median(secs);
            var p = params("messages", n, "payload", "1 KiB byte[]");
            ctx.record(name(), variant(c), "msgs/s", n / s, "msgs/s", p);
            ctx.record(name(), variant(c), "bandwidth", n * 1024.0 / s / 1e9, "GB/s", p);
        }
        python(ctx, name(), List.of("--n", Integer.toString(n)));
    }
}
