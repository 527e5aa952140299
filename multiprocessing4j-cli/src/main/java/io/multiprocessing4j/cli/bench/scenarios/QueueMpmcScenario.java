package io.multiprocessing4j.cli.bench.scenarios;

import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.cli.bench.BenchContext;
import io.multiprocessing4j.cli.bench.Scenario;
import io.multiprocessing4j.process.ChildProcess;
import io.multiprocessing4j.queue.ProcessQueue;

import java.util.ArrayList;
import java.util.List;

import static io.multiprocessing4j.cli.bench.scenarios.IpcBench.*;

/**
 * {@code queue-mpmc}: two producer processes and two consumer processes share one queue; reports
 * the combined rate and how many items were lost (must be 0). Timing starts when all four are
 * running (a start token each) and ends when both consumers have reported.
 */
public final class QueueMpmcScenario implements Scenario {
    @Override
    public String name() {
        return "queue-mpmc";
    }

    @Override
    public String description() {
        return "queue, 2 producer and 2 consumer processes: messages per second and exact count of lost items";
    }

    @Override
    public void run(BenchContext ctx) throws Exception {
        int perProducer = ctx.quick() ? 50_000 : 500_000;
        for (String c : CONTEXTS) {
            double[] rates = new double[reps(ctx)];
            long lost = 0;
            for (int r = 0; r < rates.length; r++) {
                long[] res = once(context(c), perProducer);
                rates[r] = 2.0 * perProducer / (res[0] / 1e9);
                lost += 2L * perProducer - res[1];
            }
            var p = params("producers", 2, "consumers", 2, "messages", 2 * perProducer, "payload", "int");
            ctx.record(name(), variant(c), "msgs/s", median(rates), "msgs/s", p);
            ctx.record(name(), variant(c), "lost", lost, "count", p);
        }
        python(ctx, name(), List.of("--n", Integer.toString(perProducer)));
    }

    /** @return {nanoseconds, items received} */
    private static long[] once(MpContext mp, int perProducer) throws Exception {
        ProcessQueue<Object> work = mp.queue(10_000);
        ProcessQueue<Object> start = mp.queue();
        ProcessQueue<Object> ready = mp.queue();
        ProcessQueue<Long> results = mp.queue();
        try {
            List<ChildProcess> ps = new ArrayList<>();
            for (int k = 0; k < 2; k++) {
                ps.add(mp.process(() -> {
                    ready.put(1);
                    start.take();
                    for (int i = 0; i < perProducer; i++) {
                        work.put(i);
                    }
                }).start());
                ps.add(mp.process(() -> {
                    ready.put(1);
                    start.take();
                    long n = 0;
                    while (!DONE.equals(work.take())) {
                        n++;
                    }
                    results.put(n);
                }).start());
            }
            for (int i = 0; i < 4; i++) {
                ready.take();
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < 4; i++) {
                start.put(GO);
            }
            ps.get(0).join();
            ps.get(2).join();
            work.put(DONE);
            work.put(DONE);
            long got = results.take() + results.take();
            long ns = System.nanoTime() - t0;
            for (ChildProcess p : ps) {
                p.join();
            }
            return new long[] {ns, got};
        } finally {
            work.close();
            start.close();
            ready.close();
            results.close();
        }
    }
}
