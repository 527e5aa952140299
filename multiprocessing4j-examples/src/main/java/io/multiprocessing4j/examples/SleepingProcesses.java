package io.multiprocessing4j.examples;

import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.process.ChildProcess;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A sleeping function in two processes, first without {@code join()} (the parent runs on at once),
 * then with it (the parent waits for both).
 *
 * <pre>
 * def sleepy(s): print(f"sleeping {s} s"); time.sleep(s); print("done sleeping")
 * p1 = Process(target=sleepy, args=(1,)); p2 = Process(target=sleepy, args=(1,))
 * p1.start(); p2.start(); p1.join(); p2.join()
 * </pre>
 *
 * Argument: seconds to sleep (default 1).
 */
public final class SleepingProcesses {

    private SleepingProcesses() {
    }

    public static void main(String[] args) throws Exception {
        run(System.out, args);
    }

    /** Runs the example, printing what the parent sees to {@code out}. */
    public static void run(PrintStream out, String... args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 1.0;
        long millis = (long) (seconds * 1000);

        long t0 = System.nanoTime();
        ChildProcess a = Multiprocessing.process(SleepingProcesses::sleepy, millis).start();
        ChildProcess b = Multiprocessing.process(SleepingProcesses::sleepy, millis).start();
        out.printf(Locale.ROOT, "without join: the parent goes on after %.2f s while the children sleep%n", since(t0));
        a.join();   // joined here only so the second part starts clean
        b.join();

        t0 = System.nanoTime();
        a = Multiprocessing.process(SleepingProcesses::sleepy, millis).start();
        b = Multiprocessing.process(SleepingProcesses::sleepy, millis).start();
        a.join();
        b.join();
        double took = since(t0);
        out.printf(Locale.ROOT, "with join: both children slept %.1f s in parallel; the parent waited %.2f s%n",
                seconds, took);
        out.println("exit codes: " + a.exitCode() + " " + b.exitCode());
    }

    static void sleepy(long millis) throws InterruptedException {
        System.out.println("sleeping " + millis + " ms");
        Thread.sleep(millis);
        System.out.println("done sleeping");
    }

    private static double since(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
