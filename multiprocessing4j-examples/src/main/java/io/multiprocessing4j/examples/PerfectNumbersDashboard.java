package io.multiprocessing4j.examples;

import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.dashboard.Dashboard;
import io.multiprocessing4j.pool.Pool;
import io.multiprocessing4j.pool.Progress;
import io.multiprocessing4j.pool.RetryPolicy;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * The perfect-numbers pool, watched: a live dashboard in the browser and a progress bar on stderr
 * while the pool searches, and one worker that dies on purpose so the page shows a crash, its cause,
 * the retry and the replacement.
 *
 * <pre>
 * with Pool() as pool:                                  # plus tqdm and a hand-drawn chart, in Python
 *     list(tqdm(pool.imap(is_perfect, range(1, N)), total=N))
 * </pre>
 *
 * Arguments: n (default 60 000), rounds (default 3), seconds to keep the page up at the end
 * (default 60), port (default 0: any free one). The page's address is printed first; open it.
 */
public final class PerfectNumbersDashboard {

    private PerfectNumbersDashboard() {
    }

    public static void main(String[] args) throws Exception {
        run(System.out, args);
    }

    /** Runs the example, printing to {@code out}. */
    // the pool is closed inside its try, on purpose: the page then shows the closed pool while it is kept
    @SuppressWarnings("try")
    public static void run(PrintStream out, String... args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 60_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        double keepSeconds = args.length > 2 ? Double.parseDouble(args[2]) : 60;
        int port = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        List<Integer> numbers = IntStream.rangeClosed(1, n).boxed().toList();
        Path crashedOnce = Files.createTempFile("mp4j-dashboard-demo", ".flag");
        Files.delete(crashedOnce); // the first worker to reach the marked item creates it, then dies

        try (Pool pool = Pool.builder().context(Multiprocessing.context()).workers(Multiprocessing.cpuCount())
                .retryPolicy(RetryPolicy.retries(1)).build();
             Dashboard dashboard = Dashboard.start(pool, port)) {
            out.println("dashboard: " + dashboard.url());
            String flag = crashedOnce.toString();
            int marked = n / 2;
            for (int r = 1; r <= rounds; r++) {
                long t0 = System.nanoTime();
                List<Boolean> flags = pool.map(x -> {
                    if (x == marked) {
                        dieOnce(flag);
                    }
                    return isPerfect(x);
                }, numbers, Progress.bar());
                List<Integer> found = new ArrayList<>();
                for (int i = 0; i < flags.size(); i++) {
                    if (flags.get(i)) {
                        found.add(numbers.get(i));
                    }
                }
                out.printf(Locale.ROOT, "round %d: perfect numbers up to %d: %s in %.2f s%n", r, n, found,
                        (System.nanoTime() - t0) / 1e9);
            }
            pool.close();
            out.printf(Locale.ROOT, "pool closed; the page keeps its final state for %.0f s%n", keepSeconds);
            Thread.sleep((long) (keepSeconds * 1000));
        } finally {
            Files.deleteIfExists(crashedOnce);
        }
    }

    /** Kills this worker JVM the first time any worker gets here: the page shows the crash and the retry. */
    static void dieOnce(String flag) {
        try {
            Files.createFile(Path.of(flag));
        } catch (java.nio.file.FileAlreadyExistsException done) {
            return;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.err.println("a worker halts on purpose, to show a crash on the dashboard");
        Runtime.getRuntime().halt(70);
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
