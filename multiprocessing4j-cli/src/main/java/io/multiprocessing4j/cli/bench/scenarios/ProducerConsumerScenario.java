package io.multiprocessing4j.cli.bench.scenarios;

import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.cli.bench.BenchContext;
import io.multiprocessing4j.cli.bench.Scenario;
import io.multiprocessing4j.process.ChildProcess;
import io.multiprocessing4j.queue.ProcessQueue;

import java.util.List;

import static io.multiprocessing4j.cli.bench.scenarios.IpcBench.*;

/**
 * {@code producer-consumer}: the tutorial pattern, timed end to end as a user runs it. A producer
 * process puts N items and a sentinel; a consumer process takes until the sentinel and reports its
 * count; the parent starts both and joins them. The total includes starting the two processes.
 */
public final class ProducerConsumerScenario implements Scenario {
    @Override
    public String name() {
        return "producer-consumer";
    }

    @Override
    public String description() {
        return "tutorial producer/consumer with a sentinel, two processes, end to end";
    }

    @Override
    public void run(BenchContext ctx) throws Exception {
        int n = ctx.quick() ? 20_000 : 100_000;
        for (String c : CONTEXTS) {
            double[] secs = new double[reps(ctx)];
            for (int r = 0; r < secs.length; r++) {
                secs[r] = once(context(c), n);
            }
            var p = params("messages", n, "payload", "int", "includes", "process start");
            ctx.record(name(), variant(c), "total", median(secs), "s", p);
            ctx.record(name(), variant(c), "msgs/s", n / median(secs), "msgs/s", p);
        }
        python(ctx, name(), List.of("--n", Integer.toString(n)));
    }

    private static double once(MpContext mp, int n) throws Exception {
        long t0 = System.nanoTime();
        ProcessQueue<Object> q = mp.queue();
        ProcessQueue<Integer> count = mp.queue();
        try {
            ChildProcess producer = mp.process(() -> {
                for (int i = 0; i < n; i++) {
                    q.put(i);
                }
                q.put(DONE);
            }).start();
            ChildProcess consumer = mp.process(() -> {
                int got = 0;
                while (!DONE.equals(q.take())) {
                    got++;
                }
                count.put(got);
            }).start();
            producer.join();
            consumer.join();
            int got = count.take();
            if (got != n || producer.exitCode() != 0 || consumer.exitCode() != 0) {
                throw new IllegalStateException("consumer saw " + got + " of " + n + " items");
            }
            return (System.nanoTime() - t0) / 1e9;
        } finally {
            q.close();
            count.close();
        }
    }
}
