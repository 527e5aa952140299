package io.multiprocessing4j.examples;

import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.process.ChildProcess;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Ten processes started in a loop, then joined in a second loop.
 *
 * <pre>
 * processes = [Process(target=work, args=(i,)) for i in range(10)]
 * for p in processes: p.start()
 * for p in processes: p.join()
 * </pre>
 *
 * Argument: how many processes (default 10).
 */
public final class TenProcesses {

    private TenProcesses() {
    }

    public static void main(String[] args) throws Exception {
        run(System.out, args);
    }

    /** Runs the example, printing what the parent sees to {@code out}. */
    public static void run(PrintStream out, String... args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        List<ChildProcess> processes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            processes.add(Multiprocessing.process(TenProcesses::work, i).name("worker-" + i));
        }
        for (ChildProcess p : processes) {
            p.start();
        }
        int ok = 0;
        for (ChildProcess p : processes) {
            p.join();
            if (p.exitCode() == 0) {
                ok++;
            }
        }
        out.println(ok + " of " + count + " processes exited with code 0");
    }

    static void work(int i) {
        System.out.println("process " + i + " (pid " + ProcessHandle.current().pid() + ") at work");
    }
}
