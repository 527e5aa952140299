package io.multiprocessing4j.cli.bench.scenarios;

import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.cli.bench.BenchContext;
import io.multiprocessing4j.cli.bench.Scenario;
import io.multiprocessing4j.cli.bench.Stats;
import io.multiprocessing4j.queue.ProcessQueue;

import java.io.File;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code spawn}: start and join a process that does nothing.
 *
 * <ul>
 *   <li>{@code java-hello}: the floor. A JVM with the workers' own command line (taken from a real
 *       worker), but a main class that prints one line, started and reaped as a cold worker is.</li>
 *   <li>{@code mp4j-spawn} cold (no spare JVM), default (the context's default spares) and
 *       {@code mp4j-thread}.</li>
 *   <li>CPU seconds used by one java-hello and by one cold no-op worker, from the parent's reaped
 *       children's CPU time (Linux).</li>
 * </ul>
 * Variants run interleaved after one warm-up each.
 */
public final class SpawnScenario implements Scenario {

    @Override
    public String name() {
        return "spawn";
    }

    @Override
    public boolean inDefaultRun() {
        return true;
    }

    @Override
    public String description() {
        return "start+join a no-op process: java-hello floor, cold (no spare), default spares, threads";
    }

    @Override
    public double estimatedSeconds(boolean quick, int workers) {
        // short starts run k at a time (Stats.BATCH_SECONDS per repetition, calibration included):
        // threads and CPython fork, and the default spares, whose k starts each wait for a spare to boot
        double batched = (quick ? 5 : 9) * (2 * Stats.BATCH_SECONDS + 0.5);
        // times 2.3: a quiet default run took 39 s against 17 s from these terms (the waits for
        // spares to boot and for children to be reaped are left out of them)
        return 2.3 * ((quick ? 4 : 8) * 1.2 + 3 + batched);
    }

    @Override
    public void run(BenchContext ctx) throws Exception {
        int reps = ctx.quick() ? 3 : 7;
        List<String> hello = helloCommand();
        // CPU per run, in call order: warm-up, calibration (if a start was short enough), then reps x k
        List<Double> helloCpu = new ArrayList<>();
        List<Double> coldCpu = new ArrayList<>();
        MpContext thread = Multiprocessing.context("thread");
        Map<String, Stats.Timed> variants = new LinkedHashMap<>();
        if (hello != null) {
            variants.put("java-hello", () -> {
                // the default variant's spares stay alive: stop them, or this would wait for them in vain
                ShowcasePools.cold();
                awaitNoChildren();
                double cpu0 = Stats.reapedChildrenCpuSeconds();
                double t = Stats.seconds(() -> new ProcessBuilder(hello).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.INHERIT).start().waitFor());
                helloCpu.add(Stats.reapedChildrenCpuSeconds() - cpu0);
                return t;
            });
        }
        variants.put("cold", () -> {
            MpContext c = ShowcasePools.cold();
            awaitNoChildren();
            double cpu0 = Stats.reapedChildrenCpuSeconds();
            double t = startJoin(c);
            awaitNoChildren(); // join() returns on the worker's exit report; its JVM is reaped a moment later
            coldCpu.add(Stats.reapedChildrenCpuSeconds() - cpu0);
            return t;
        });
        variants.put("default", () -> startJoin(ShowcasePools.withDefaultSpares()));
        variants.put("thread", () -> {
            ShowcasePools.settle();
            return startJoin(thread);
        });
        Map<String, Stats.Samples> s = Stats.interleaved(reps, variants, (d, n) -> ctx.progress("spawn", d, n));
        ShowcasePools.cold();

        String m = "start+join";
        if (hello != null) {
            ctx.record(name(), "java-hello", m, s.get("java-hello").scaled(1000), "ms", Map.of());
        }
        ctx.record(name(), "mp4j-spawn", m, s.get("cold").scaled(1000), "ms", Map.of(ShowcasePools.START, "cold"));
        ctx.record(name(), "mp4j-spawn", m, s.get("default").scaled(1000), "ms",
                Map.of(ShowcasePools.START, "default", "spares", ShowcasePools.DEFAULT_SPARES));
        ctx.record(name(), "mp4j-thread", m, s.get("thread").scaled(1000), "ms", Map.of());
        // CPU: per repetition as the times are, the warm-up and calibration runs left out
        if (hello != null && !Double.isNaN(helloCpu.getFirst())) {
            ctx.record(name(), "java-hello", "CPU per start", perRep(helloCpu, s.get("java-hello")).scaled(1000), "ms",
                    Map.of());
        }
        if (!Double.isNaN(coldCpu.getFirst())) {
            ctx.record(name(), "mp4j-spawn", "CPU per start", perRep(coldCpu, s.get("cold")).scaled(1000), "ms",
                    Map.of(ShowcasePools.START, "cold"));
        }
        ctx.runPython(name(), List.of("--reps", Integer.toString(reps))).forEach(ctx::record);
    }

    /**
     * Waits (up to 10 s) until this JVM has no child process left, exited or not, so that spares
     * stopped by the previous variant are reaped before a CPU measurement starts, not inside it.
     * Spares still wanted never exit: stop them first ({@link ShowcasePools#cold()}).
     */
    private static void awaitNoChildren() throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (ProcessHandle.current().children().findAny().isPresent() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
    }

    /**
     * @param perRun one value per run of a variant, in call order (warm-up and calibration first)
     * @param times that variant's times, which say how many repetitions of how many runs there were
     * @return the values of the timed runs, averaged per repetition as the times are
     */
    static Stats.Samples perRep(List<Double> perRun, Stats.Samples times) {
        int k = times.runsPerRep();
        int reps = times.values().length;
        List<Double> timed = perRun.subList(perRun.size() - reps * k, perRun.size());
        double[] out = new double[reps];
        for (int i = 0; i < timed.size(); i++) {
            out[i / k] += timed.get(i) / k;
        }
        return new Stats.Samples(out, k);
    }

    private static double startJoin(MpContext ctx) throws Exception {
        return Stats.seconds(() -> ctx.process(() -> { }).start().join());
    }

    /**
     * @return the command line of a cold worker with its main class (and what follows it) replaced
     *     by {@link JavaHello}, or null if it cannot be read on this platform
     */
    static List<String> helloCommand() throws Exception {
        MpContext cold = ShowcasePools.cold();
        ProcessQueue<List<String>> q = cold.queue();
        cold.process(out -> {
            ProcessHandle.Info info = ProcessHandle.current().info();
            List<String> cmd = new ArrayList<>();
            cmd.add(info.command().orElse(""));
            cmd.addAll(List.of(info.arguments().orElse(new String[0])));
            out.put(cmd);
        }, q).start().join();
        List<String> worker = q.take();
        return helloFrom(worker, Optional.ofNullable(JavaHello.class.getProtectionDomain().getCodeSource())
                .map(cs -> cs.getLocation().getPath()).orElse(null));
    }

    /** @return {@code worker} with its main class (plain or {@code -m module/class}) replaced by JavaHello */
    static List<String> helloFrom(List<String> worker, String ownCodeSource) {
        if (worker.isEmpty() || worker.getFirst().isEmpty()) {
            return null;
        }
        List<String> cmd = new ArrayList<>();
        String cp = null;
        for (int i = 0; i < worker.size(); i++) {
            String a = worker.get(i);
            if (i == 0) {
                cmd.add(a);
            } else if (a.equals("-m") || a.equals("--module")) {
                break;
            } else if (a.equals("-cp") || a.equals("-classpath") || a.equals("--class-path")) {
                cp = i + 1 < worker.size() ? worker.get(++i) : null;
            } else if (a.equals("--module-path") || a.equals("-p") || a.equals("--add-modules")) {
                cmd.add(a);
                if (i + 1 < worker.size()) {
                    cmd.add(worker.get(++i));
                }
            } else if (!a.startsWith("-")) {
                break; // the main class
            } else {
                cmd.add(a);
            }
        }
        if (ownCodeSource != null && (cp == null || !List.of(cp.split(File.pathSeparator)).contains(ownCodeSource))) {
            cp = cp == null ? ownCodeSource : cp + File.pathSeparator + ownCodeSource;
        }
        if (cp != null) {
            cmd.add("-cp");
            cmd.add(cp);
        }
        cmd.add(JavaHello.class.getName());
        return cmd;
    }
}
