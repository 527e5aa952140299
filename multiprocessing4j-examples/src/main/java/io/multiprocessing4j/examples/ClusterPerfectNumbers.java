package io.multiprocessing4j.examples;

import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.pool.Pool;
import io.multiprocessing4j.process.ChildProcess;
import io.multiprocessing4j.queue.ProcessQueue;
import io.multiprocessing4j.shared.SharedLong;
import io.multiprocessing4j.sync.ProcessLock;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A program written for worker JVMs that runs on a cluster by changing its context line: with
 * {@code multiprocessing4j-cluster} on the class path, {@code context("cluster")} starts an
 * embedded cluster of two Ignite server nodes on this machine (or joins the one named by
 * {@code -Dmp4j.cluster.join=host:port,...}) and the pool, the processes, the queue, the lock
 * and the shared value are the cluster's.
 *
 * <pre>
 * ctx = multiprocessing.get_context("spawn")        # the only line to change
 * with ctx.Pool(2) as pool:
 *     print(pool.map(is_perfect, range(1, limit)))
 * p = ctx.Process(target=report); p.start(); p.join()
 * inbox, lock, total = ctx.Queue(), ctx.Lock(), ctx.Value('q', 0)   # passed to two adders
 * </pre>
 *
 * Arguments: the limit (default 10 000) and the context (default {@code cluster}). The JVM that
 * joins a cluster needs Ignite's JVM flags: see docs/cluster.md.
 */
public final class ClusterPerfectNumbers {

    private ClusterPerfectNumbers() {
    }

    public static void main(String[] args) throws Exception {
        run(System.out, args);
        System.exit(0); // the cluster context is left by a shutdown hook
    }

    /** Runs the example, printing to {@code out}. */
    public static void run(PrintStream out, String... args) throws Exception {
        int limit = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        MpContext ctx = Multiprocessing.context(args.length > 1 ? args[1] : "cluster"); // the only line that differs

        List<Integer> perfect;
        try (Pool pool = ctx.pool(2)) {
            List<Integer> candidates = IntStream.range(1, limit).boxed().toList();
            List<Boolean> flags = pool.map(ClusterPerfectNumbers::isPerfect, candidates);
            perfect = IntStream.range(0, flags.size()).filter(flags::get).mapToObj(candidates::get).toList();
            out.println("perfect numbers below " + limit + ": " + perfect);
        }
        ChildProcess child = ctx.process(() -> System.out.println("hello from a child process")).start();
        child.join();
        out.println("child exit code " + child.exitCode());

        // a queue, a lock and a shared value, passed to two children: the same code in every context
        ProcessQueue<String> inbox = ctx.queue();
        ProcessLock lock = ctx.lock();
        SharedLong sum = ctx.rawSharedLong(0);
        List<ChildProcess> adders = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            int id = i;
            adders.add(ctx.process(() -> {
                for (int n : perfect) {
                    lock.lock();
                    try {
                        sum.set(sum.get() + n); // a read-modify-write that only the lock makes exact
                    } finally {
                        lock.unlock();
                    }
                }
                inbox.put("adder " + id + " added " + perfect.size() + " numbers");
            }).start());
        }
        List<String> messages = new ArrayList<>(List.of(inbox.get(), inbox.get()));
        Collections.sort(messages);
        for (ChildProcess a : adders) {
            a.join();
        }
        messages.forEach(out::println);
        out.println("twice their sum: " + sum.get());
    }

    static boolean isPerfect(int n) {
        int sum = 1;
        for (int d = 2; (long) d * d <= n; d++) {
            if (n % d == 0) {
                sum += d;
                int other = n / d;
                if (other != d) {
                    sum += other;
                }
            }
        }
        return n > 1 && sum == n;
    }
}
