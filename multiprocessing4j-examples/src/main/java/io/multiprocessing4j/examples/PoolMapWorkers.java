package io.multiprocessing4j.examples;

import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.pool.Pool;

import java.io.PrintStream;
import java.util.List;
import java.util.stream.IntStream;

/**
 * {@code Pool.map} with a chosen number of workers.
 *
 * <pre>
 * with Pool(processes=3) as pool:
 *     print(pool.map(square, range(10)))
 * </pre>
 *
 * Arguments: item count (default 10), workers (default 3).
 */
public final class PoolMapWorkers {

    private PoolMapWorkers() {
    }

    public static void main(String[] args) throws Exception {
        run(System.out, args);
    }

    /** Runs the example, printing to {@code out}. */
    public static void run(PrintStream out, String... args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int workers = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        try (Pool pool = Multiprocessing.context().pool(workers)) {
            List<Integer> squares = pool.map(PoolMapWorkers::square, IntStream.range(0, n).boxed().toList());
            out.println("squares from " + workers + " workers: " + squares);
        }
    }

    static Integer square(Integer x) {
        return x * x;
    }
}
