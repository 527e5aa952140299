package io.multiprocessing4j.examples;

import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.pool.Pool;
import io.multiprocessing4j.queue.ProcessQueue;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A pool whose initializer hands each worker a queue (stored in a static field, as Python stores it
 * in a global); tasks report their progress through that queue while the parent collects results.
 *
 * <pre>
 * def init(q): global log_queue; log_queue = q
 * with Pool(2, initializer=init, initargs=(q,)) as pool:
 *     pool.map(work, range(10))
 * </pre>
 *
 * Argument: task count (default 10).
 */
public final class PoolInitializerAndQueues {

    /** Set in each worker by the initializer. */
    static ProcessQueue<String> logQueue;

    private PoolInitializerAndQueues() {
    }

    public static void main(String[] args) throws Exception {
        run(System.out, args);
    }

    /** Runs the example, printing to {@code out}. */
    public static void run(PrintStream out, String... args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        MpContext ctx = Multiprocessing.context();
        ProcessQueue<String> q = ctx.queue();
        try (Pool pool = Pool.builder().context(ctx).workers(2).initializer(PoolInitializerAndQueues::init, q).build()) {
            List<Integer> results = pool.map(PoolInitializerAndQueues::work, IntStream.range(0, n).boxed().toList());
            List<String> log = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                log.add(q.take());
            }
            Collections.sort(log);
            out.println("results: " + results);
            out.println("log messages received: " + log.size() + ", first: " + log.getFirst());
        } finally {
            q.close();
        }
    }

    static void init(ProcessQueue<String> q) {
        logQueue = q;
    }

    static Integer work(Integer x) throws InterruptedException {
        logQueue.put("task " + x + " done in pid " + ProcessHandle.current().pid());
        return x * 10;
    }
}
