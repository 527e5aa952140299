package io.multiprocessing4j.cli.bench.scenarios;

import io.multiprocessing4j.cli.bench.BenchContext;
import io.multiprocessing4j.cli.bench.Scenario;

import java.util.List;

import static io.multiprocessing4j.cli.bench.scenarios.IpcBench.*;

/** {@code pipe-1m}: pipe, sendBytes 1 MiB messages received with recvBytesInto: bandwidth */
public final class Pipe1mScenario implements Scenario {
    @Override
    public String name() {
        return "pipe-1m";
    }

    @Override
    public String description() {
        return "pipe, sendBytes 1 MiB messages received with recvBytesInto: bandwidth";
    }

    @Override
    public void run(BenchContext ctx) throws Exception {
        int n = ctx.quick() ? 200 : 1000;
        for (String c : CONTEXTS) {
            double[] secs = new double[reps(ctx)];
            for (int r = 0; r < secs.length; r++) {
                secs[r] = pipeStream(context(c), 200, n, 1 << 20);
            }
            ctx.record(name(), variant(c), "bandwidth", n * 1048576.0 / median(secs) / 1e9, "GB/s",
                    params("messages", n, "message bytes", 1 << 20, "receiver", "recvBytesInto"));
        }
        python(ctx, name(), List.of("--n", Integer.toString(n)));
    }
}
