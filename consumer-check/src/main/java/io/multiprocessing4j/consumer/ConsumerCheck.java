package io.multiprocessing4j.consumer;

import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.pool.Pool;
import io.multiprocessing4j.process.ChildProcess;
import io.multiprocessing4j.queue.ProcessQueue;
import io.multiprocessing4j.shared.SharedInt;
import io.multiprocessing4j.sync.ProcessLock;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * Uses the library as an application would: a pool, a queue and a lock across worker JVMs, and
 * checks every result. Exits with status 1 on any wrong result.
 */
public final class ConsumerCheck {
    private static final int INCREMENTS = 200;

    /** What each child process gets: the queue to report on, the lock and the counter it guards. */
    record Shared(ProcessQueue<String> reports, ProcessLock lock, SharedInt counter) implements Serializable {
    }

    private ConsumerCheck() {
    }

    public static void main(String[] args) throws Exception {
        String how = ConsumerCheck.class.getModule().isNamed() ? "module path" : "class path";
        MpContext ctx = Multiprocessing.context();

        try (Pool pool = ctx.pool(2)) {
            List<Integer> squares = pool.map(x -> x * x, List.of(1, 2, 3, 4, 5));
            check(squares.equals(List.of(1, 4, 9, 16, 25)), "pool.map squares: " + squares);
            int pid = pool.apply(x -> (int) ProcessHandle.current().pid() + x, 0);
            check(pid != ProcessHandle.current().pid(), "pool.apply ran in this JVM, not a worker");
        }

        Shared shared = new Shared(ctx.queue(), ctx.lock(), ctx.sharedInt(0));
        List<ChildProcess> children = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ChildProcess p = ctx.process(s -> {
                for (int n = 0; n < INCREMENTS; n++) {
                    s.lock().lock();
                    try {
                        s.counter().set(s.counter().get() + 1); // not atomic on its own: the lock makes it so
                    } finally {
                        s.lock().unlock();
                    }
                }
                s.reports().put("done in " + ProcessHandle.current().pid());
            }, shared);
            p.start();
            children.add(p);
        }
        List<String> reports = List.of(shared.reports().take(), shared.reports().take());
        for (ChildProcess p : children) {
            p.join();
            check(p.exitCode() == 0, p.name() + " exit code " + p.exitCode());
        }
        check(reports.stream().allMatch(r -> r.startsWith("done in ")), "queue reports: " + reports);
        check(shared.counter().get() == 2 * INCREMENTS, "counter under the lock: " + shared.counter().get());

        System.out.println("consumer-check OK on the " + how + ": pool, queue and lock across worker JVMs");
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            System.err.println("consumer-check FAILED: " + what);
            System.exit(1);
        }
    }
}
