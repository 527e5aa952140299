package io.multiprocessing4j.examples;

import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.process.ChildProcess;
import io.multiprocessing4j.shared.SharedInt;

import java.io.PrintStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Lock;

/**
 * A shared counter incremented by four processes, with and without its lock. Without the lock,
 * read-then-write increments race and updates are lost; with {@code getLock()} the total is exact.
 *
 * <pre>
 * counter = Value('i', 0)
 * def add(counter, n):
 *     for _ in range(n):
 *         with counter.get_lock(): counter.value += 1
 * </pre>
 *
 * Argument: increments per process (default 100 000).
 */
public final class SharedCounter {

    /** One worker's job. */
    record Job(SharedInt counter, int n, boolean locked) implements Serializable {
    }

    private SharedCounter() {
    }

    public static void main(String[] args) throws Exception {
        run(System.out, args);
    }

    /** Runs the example, printing to {@code out}. */
    public static void run(PrintStream out, String... args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        MpContext ctx = Multiprocessing.context();
        for (boolean locked : new boolean[] {false, true}) {
            try (SharedInt counter = ctx.sharedInt(0)) {
                List<ChildProcess> ps = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    ps.add(ctx.process(SharedCounter::add, new Job(counter, n, locked)).start());
                }
                for (ChildProcess p : ps) {
                    p.join();
                }
                out.println((locked ? "with the lock:    " : "without the lock: ") + counter.get() + " of " + 4 * n);
            }
        }
    }

    static void add(Job job) {
        SharedInt c = job.counter();
        Lock lock = c.getLock();
        for (int i = 0; i < job.n(); i++) {
            if (job.locked()) {
                lock.lock();
                try {
                    c.set(c.get() + 1);
                } finally {
                    lock.unlock();
                }
            } else {
                c.set(c.get() + 1);
            }
        }
    }
}
