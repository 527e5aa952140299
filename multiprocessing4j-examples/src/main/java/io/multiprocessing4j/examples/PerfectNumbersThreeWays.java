package io.multiprocessing4j.examples;

import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.pool.Pool;
import io.multiprocessing4j.process.ChildProcess;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Perfect numbers up to n, three ways: a plain loop; one process per block of numbers; a pool.
 *
 * <pre>
 * [n for n in range(1, N) if is_perfect(n)]              # sequential
 * [Process(target=check_block, args=(block,)) ...]        # processes by hand
 * Pool().map(is_perfect, range(1, N))                     # a pool
 * </pre>
 *
 * Argument: n (default 10 000).
 */
public final class PerfectNumbersThreeWays {

    private PerfectNumbersThreeWays() {
    }

    public static void main(String[] args) throws Exception {
        run(System.out, args);
    }

    /** Runs the example, printing to {@code out}. */
    public static void run(PrintStream out, String... args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        List<Integer> numbers = IntStream.rangeClosed(1, n).boxed().toList();

        long t0 = System.nanoTime();
        List<Integer> sequential = numbers.stream().filter(PerfectNumbersThreeWays::isPerfect).toList();
        out.printf(Locale.ROOT, "sequential: %s in %.2f s%n", sequential, since(t0));

        t0 = System.nanoTime();
        int cpus = Multiprocessing.cpuCount();
        List<ChildProcess> ps = new ArrayList<>();
        for (int b = 0; b < cpus; b++) {
            int[] range = {1 + n * b / cpus, 1 + n * (b + 1) / cpus};
            ps.add(Multiprocessing.process(PerfectNumbersThreeWays::printPerfectIn, range).start());
        }
        for (ChildProcess p : ps) {
            p.join();
        }
        out.printf(Locale.ROOT, "%d processes (each prints what it finds): %.2f s%n", cpus, since(t0));

        t0 = System.nanoTime();
        List<Integer> pooled = new ArrayList<>();
        try (Pool pool = Multiprocessing.context().pool(cpus)) {
            List<Boolean> flags = pool.map(PerfectNumbersThreeWays::isPerfect, numbers);
            for (int i = 0; i < flags.size(); i++) {
                if (flags.get(i)) {
                    pooled.add(numbers.get(i));
                }
            }
        }
        out.printf(Locale.ROOT, "pool of %d: %s in %.2f s%n", cpus, pooled, since(t0));
    }

    static Boolean isPerfect(Integer n) {
        int sum = 0;
        for (int i = 1; i < n; i++) {
            if (n % i == 0) {
                sum += i;
            }
        }
        return sum == n;
    }

    static void printPerfectIn(int[] range) {
        for (int k = range[0]; k < range[1]; k++) {
            if (isPerfect(k)) {
                System.out.println("perfect: " + k);
            }
        }
    }

    private static double since(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
