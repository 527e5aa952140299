package io.multiprocessing4j.cli;

import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.internal.shm.Futex;
import picocli.CommandLine.Command;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code mp4j info}: what this machine and JVM offer, and how long a worker takes to start. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show CPUs, the JVM, available contexts, futex and /dev/shm support, and worker start times.")
public final class InfoCommand implements Callable<Integer> {

    private static final int REPS = 5;

    @Override
    public Integer call() throws Exception {
        System.out.printf("CPUs:               %d%n", Multiprocessing.cpuCount());
        System.out.printf("JVM:                %s (%s)%n", Runtime.version(), System.getProperty("java.vm.name"));
        System.out.printf("java:               %s%n",
                ProcessHandle.current().info().command().orElse(System.getProperty("java.home")));
        System.out.printf("OS:                 %s %s %s%n", System.getProperty("os.name"),
                System.getProperty("os.version"), System.getProperty("os.arch"));
        System.out.printf("contexts:           %s%n", String.join(", ", Multiprocessing.contextNames()));
        System.out.printf("native futex (FFM): %s%n", futexLine());
        Path shm = Path.of("/dev/shm");
        System.out.printf("/dev/shm writable:  %s%n", Files.isDirectory(shm) && Files.isWritable(shm) ? "yes" : "no");

        MpContext ctx = Multiprocessing.context("spawn");
        ctx.spareWorkers(0);
        List<Double> cold = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            cold.add(startJoinMillis(ctx));
        }
        System.out.printf("cold start+join:    %.1f ms (median of %d, a fresh worker JVM)%n", median(cold), cold.size());
        List<Double> warm = new ArrayList<>();
        for (int i = 0; i < REPS; i++) {
            ctx.spareWorkers(1);
            ctx.awaitSpares();
            warm.add(startJoinMillis(ctx));
        }
        ctx.spareWorkers(0);
        System.out.printf("warm start+join:    %.1f ms (median of %d, handed to a spare worker)%n", median(warm), warm.size());
        return 0;
    }

    private static String futexLine() {
        try {
            return Futex.isNative() ? "yes" : "no (falls back to polling)";
        } catch (Throwable e) {
            return "no (" + e + ")";
        }
    }

    private static double startJoinMillis(MpContext ctx) throws InterruptedException {
        long t0 = System.nanoTime();
        var p = ctx.process(() -> { }).start();
        p.join();
        return (System.nanoTime() - t0) / 1e6;
    }

    static double median(List<Double> xs) {
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
