package io.multiprocessing4j.examples;

import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.pool.Pool;

import java.io.PrintStream;
import java.util.List;
import java.util.stream.IntStream;

/**
 * {@code Pool.map} (one function over many items) beside {@code Pool.apply} (one call, blocking).
 *
 * <pre>
 * with Pool(2) as pool:
 *     print(pool.map(cube, range(5)))
 *     print(pool.apply(cube, (7,)))
 * </pre>
 *
 * Argument: item count (default 5).
 */
public final class PoolMapAndApply {

    private PoolMapAndApply() {
    }

    public static void main(String[] args) throws Exception {
        run(System.out, args);
    }

    /** Runs the example, printing to {@code out}. */
    public static void run(PrintStream out, String... args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        try (Pool pool = Multiprocessing.context().pool(2)) {
            out.println("map: " + pool.map(PoolMapAndApply::cube, IntStream.range(0, n).boxed().toList()));
            out.println("apply: " + pool.apply(PoolMapAndApply::cube, 7));
        }
    }

    static Integer cube(Integer x) {
        return x * x * x;
    }
}
