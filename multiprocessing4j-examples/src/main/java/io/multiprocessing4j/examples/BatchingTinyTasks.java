package io.multiprocessing4j.examples;

import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.pool.Pool;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Tiny tasks one at a time versus in batches: when each task is a few nanoseconds of work, the
 * cost of sending it to another process dominates; batching amortises it.
 *
 * <pre>
 * pool.map(square, numbers, chunksize=1)        # one message per number
 * pool.map(square_all, batches)                 # one message per batch
 * </pre>
 *
 * Arguments: tasks (default 100 000), batch size (default 10 000).
 */
public final class BatchingTinyTasks {

    private BatchingTinyTasks() {
    }

    public static void main(String[] args) throws Exception {
        run(System.out, args);
    }

    /** Runs the example, printing to {@code out}. */
    public static void run(PrintStream out, String... args) throws Exception {
        int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        List<Integer> numbers = IntStream.range(0, tasks).boxed().toList();
        List<int[]> batches = new ArrayList<>();
        for (int i = 0; i < tasks; i += batch) {
            batches.add(IntStream.range(i, Math.min(tasks, i + batch)).toArray());
        }
        try (Pool pool = Multiprocessing.context().pool(2)) {
            long t0 = System.nanoTime();
            List<Long> one = pool.map(BatchingTinyTasks::square, numbers, 1);
            double oneByOne = (System.nanoTime() - t0) / 1e9;
            t0 = System.nanoTime();
            long total = 0;
            for (long[] part : pool.map(BatchingTinyTasks::squareAll, batches)) {
                total += part.length;
            }
            double batched = (System.nanoTime() - t0) / 1e9;
            out.printf(Locale.ROOT, "%d tasks one by one: %.3f s; in %d batches: %.3f s (%d results each way: %s)%n",
                    tasks, oneByOne, batches.size(), batched, one.size(), one.size() == total ? "same count" : "DIFFERENT");
        }
    }

    static Long square(Integer x) {
        return (long) x * x;
    }

    static long[] squareAll(int[] xs) {
        long[] out = new long[xs.length];
        for (int i = 0; i < xs.length; i++) {
            out[i] = (long) xs[i] * xs[i];
        }
        return out;
    }
}
