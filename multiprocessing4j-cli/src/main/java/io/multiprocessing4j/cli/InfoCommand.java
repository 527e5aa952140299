package io.multiprocessing4j.cli;

import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.Platform;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import io.multiprocessing4j.process.ChildProcess;
import io.multiprocessing4j.process.StartupTimeline;

import java.time.Duration;
import java.util.function.Function;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code mp4j info}: what this machine and JVM offer, and how long a worker takes to start. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show CPUs, the JVM, available contexts, futex and /dev/shm support, and worker start times.")
public final class InfoCommand implements Callable<Integer> {

    private static final int REPS = 5;

    @Option(names = "--startup", description = "Break a worker's start down into phases (cold and from a warm spare),"
            + " with the CPU a cold worker uses, beside a trivial JVM started the same way.")
    boolean startup;

    @Option(names = "--reps", description = "Repetitions per figure with --startup (default: ${DEFAULT-VALUE}).")
    int reps = 9;

    @Override
    public Integer call() throws Exception {
        if (startup) {
            return startupBreakdown();
        }
        System.out.printf("CPUs:               %d%n", Multiprocessing.cpuCount());
        System.out.printf("JVM:                %s (%s)%n", Runtime.version(), System.getProperty("java.vm.name"));
        System.out.printf("java:               %s%n",
                ProcessHandle.current().info().command().orElse(System.getProperty("java.home")));
        System.out.printf("OS:                 %s %s %s%n", System.getProperty("os.name"),
                System.getProperty("os.version"), System.getProperty("os.arch"));
        Platform platform = Multiprocessing.platform();
        System.out.printf("contexts:           %s%n", String.join(", ", platform.contexts()));
        System.out.printf("native futex (FFM): %s%n", platform.nativeFutex() ? "yes" : "no (falls back to polling)");
        System.out.printf("%-20s%s%n", platform.sharedMemoryDirectory() + " writable:",
                platform.sharedMemoryWritable() ? "yes" : "no");
        if (!platform.spawnSupported()) {
            System.out.printf("spawn context:      not supported here, it needs %s%n", String.join("; ", platform.spawnMissing()));
            return 0; // the start times below need worker JVMs
        }

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

    private static double startJoinMillis(MpContext ctx) throws InterruptedException {
        long t0 = System.nanoTime();
        var p = ctx.process(() -> { }).start();
        p.join();
        return (System.nanoTime() - t0) / 1e6;
    }

    /** {@code --startup}: where a start goes, phase by phase, cold and warm, against a hello-world JVM. */
    private int startupBreakdown() throws Exception {
        MpContext ctx = Multiprocessing.context("spawn");
        ctx.spareWorkers(0);
        prepareStartupCache(ctx);
        ctx.process(() -> { }).start().join(); // loads this side's classes
        System.out.printf("worker start-up, median of %d (wall ms; CPU ms of the whole child JVM)%n%n", reps);

        List<Double> helloWall = new ArrayList<>();
        List<Double> helloCpu = new ArrayList<>();
        List<Double> coldWall = new ArrayList<>();
        List<Double> coldCpu = new ArrayList<>();
        List<Double> startOnly = new ArrayList<>();
        List<StartupTimeline> cold = new ArrayList<>();
        for (int i = 0; i < reps; i++) {
            // interleaved, so drift on a shared machine hits both alike
            double c0 = ChildCpu.millis();
            long t0 = System.nanoTime();
            Process hello = new ProcessBuilder(helloCommand()).redirectErrorStream(true).start();
            hello.getInputStream().readAllBytes();
            hello.waitFor();
            helloWall.add((System.nanoTime() - t0) / 1e6);
            helloCpu.add(ChildCpu.millis() - c0);

            c0 = ChildCpu.millis();
            t0 = System.nanoTime();
            ChildProcess p = ctx.process(() -> { });
            p.start();
            startOnly.add((System.nanoTime() - t0) / 1e6);
            p.join();
            coldWall.add((System.nanoTime() - t0) / 1e6);
            ProcessHandle.of(p.pid()).ifPresent(h -> h.onExit().join()); // reaped: its CPU is counted
            coldCpu.add(ChildCpu.millis() - c0);
            p.startupTimeline().ifPresent(cold::add);
        }
        List<Double> warmWall = new ArrayList<>();
        List<StartupTimeline> warm = new ArrayList<>();
        ctx.spareWorkers(1);
        for (int i = 0; i < reps; i++) {
            ctx.awaitSpares();
            long t0 = System.nanoTime();
            ChildProcess p = ctx.process(() -> { }).start();
            p.join();
            warmWall.add((System.nanoTime() - t0) / 1e6);
            p.startupTimeline().ifPresent(warm::add);
        }
        ctx.spareWorkers(0);

        System.out.printf("%-44s %10s %10s%n", "phase", "cold", "warm spare");
        row("launch (start() until the process exists)", cold, warm, StartupTimeline::launch);
        row("boot (exec until the worker's main)", cold, warm, StartupTimeline::boot);
        row("connect (main until accepted)", cold, warm, StartupTimeline::connect);
        row("assign (until the target runs)", cold, warm, StartupTimeline::assign);
        row("task (a no-op)", cold, warm, StartupTimeline::task);
        row("exit (until join() returns)", cold, warm, StartupTimeline::exit);
        System.out.printf("%-44s %10.1f %10.1f%n", "start()+join(), measured", median(coldWall), median(warmWall));
        System.out.printf("%-44s %10.1f %10s%n", "start() alone", median(startOnly), "-");
        System.out.println();
        System.out.printf("java-hello (a trivial JVM, same java and flags): %.1f ms wall, %.1f ms CPU%n",
                median(helloWall), median(helloCpu));
        System.out.printf("cold no-op worker:                               %.1f ms wall, %.1f ms CPU%n",
                median(coldWall), median(coldCpu));
        System.out.printf("ratio (worker / hello):                          %.2f x wall, %.2f x CPU%n",
                median(coldWall) / median(helloWall), median(coldCpu) / median(helloCpu));
        if (!ChildCpu.available()) {
            System.out.println("(CPU figures need getrusage through the FFM API: run with --enable-native-access)");
        }
        return 0;
    }

    /** Trains the workers' start-up cache on a first run, saying so, so cold figures are with it. */
    public static void prepareStartupCache(MpContext ctx) throws InterruptedException {
        long t0 = System.nanoTime();
        System.out.print("worker start-up cache: ");
        System.out.flush();
        boolean cached = ctx.awaitStartupCache();
        double s = (System.nanoTime() - t0) / 1e9;
        System.out.println(!cached ? "none for this class path (class directories, or -Dmp4j.aot=false)"
                : s > 1 ? String.format("trained now, on this first run (%.0f s); later runs reuse it", s) : "present");
    }

    private static void row(String name, List<StartupTimeline> cold, List<StartupTimeline> warm,
                            Function<StartupTimeline, Duration> phase) {
        System.out.printf("%-44s %10.2f %10.2f%n", name,
                median(cold.stream().map(t -> phase.apply(t).toNanos() / 1e6).toList()),
                median(warm.stream().map(t -> phase.apply(t).toNanos() / 1e6).toList()));
    }

    /** The hello-world JVM: this JVM's java, the flags every worker gets, this class path. */
    private static List<String> helloCommand() {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java"));
        cmd.add("--enable-native-access=ALL-UNNAMED");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Hello.class.getName());
        return cmd;
    }

    static double median(List<Double> xs) {
        if (xs.isEmpty()) {
            return Double.NaN;
        }
        List<Double> s = new ArrayList<>(xs);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
