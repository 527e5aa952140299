package io.multiprocessing4j.cli.bench;

import java.util.Locale;

/**
 * How many cores' worth of integer division this host gives right now: the same divider-bound
 * loop on one thread, then on one thread per CPU at once.
 *
 * <p>Implementation notes. On a shared virtual machine two vCPUs can be two hyperthreads of one
 * physical core, and integer division has one divider per core: then two threads (or two
 * processes) run each at half speed, for minutes at a time, and every parallel figure of the run
 * (a pool's speed-up, the {@code perfect} experiment) halves with them while sequential figures
 * do not move. The bench measures it at its start and at its end, so a reader can tell a slow run
 * from a slow host: the best of two rounds each way, about a quarter of a second.
 */
final class HostParallelism {
    /** Below this share of the CPU count, the run's parallel figures are marked as from a shared host. */
    static final double SHARED_BELOW = 0.8;

    private HostParallelism() {
    }

    /** @return how many times one thread's division throughput {@code cpus} threads reach together */
    static double measure(int cpus) throws InterruptedException {
        int span = 4000;
        for (int i = 0; i < 3; i++) {
            work(span); // compiled before it is timed
        }
        long t = System.nanoTime();
        work(span);
        double once = System.nanoTime() - t;
        // about 50 ms of work per thread; the loop is quadratic in its span
        int size = (int) Math.min(200_000, Math.max(1000, span * Math.sqrt(50e6 / Math.max(once, 1))));
        double alone = Double.MAX_VALUE;
        double together = Double.MAX_VALUE;
        for (int round = 0; round < 2; round++) {
            t = System.nanoTime();
            work(size);
            alone = Math.min(alone, System.nanoTime() - t);
            together = Math.min(together, allAtOnce(cpus, size));
        }
        return cpus * alone / Math.max(together, 1);
    }

    /** @return nanoseconds until the last of {@code cpus} threads, started together, finished */
    private static double allAtOnce(int cpus, int size) throws InterruptedException {
        Thread[] threads = new Thread[cpus];
        long[] took = new long[cpus];
        java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
        for (int i = 0; i < cpus; i++) {
            int k = i;
            threads[i] = Thread.ofPlatform().daemon().name("mp4j-bench-host-" + i).start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                long s = System.nanoTime();
                work(size);
                took[k] = System.nanoTime() - s;
            });
        }
        go.countDown();
        long slowest = 0;
        for (int i = 0; i < cpus; i++) {
            threads[i].join();
            slowest = Math.max(slowest, took[i]);
        }
        return slowest;
    }

    /** The {@code perfect} kernel over 1..n: the sum of each number's divisors. */
    private static long work(int n) {
        long total = 0;
        for (int x = 1; x <= n; x++) {
            for (int i = 1; i < x; i++) {
                if (x % i == 0) {
                    total += i;
                }
            }
        }
        if (total == 42) {
            System.out.print(""); // keeps the loop's result alive
        }
        return total;
    }

    /** One line for the run's output. */
    static String describe(String when, double parallel, int cpus) {
        String line = String.format(Locale.ROOT, "host %s: %d threads divide at %.2fx one thread's pace (%d CPUs)",
                when, cpus, parallel, cpus);
        if (cpus > 1 && parallel < SHARED_BELOW * cpus) {
            line += ": the CPUs share cores now, parallel figures are low in this part of the run";
        }
        return line;
    }
}
