package io.multiprocessing4j.cli.bench.scenarios;

import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.cli.bench.BenchContext;
import io.multiprocessing4j.cli.bench.Scenario;
import io.multiprocessing4j.cli.bench.Stats;
import io.multiprocessing4j.function.SerializableFunction;
import io.multiprocessing4j.pool.Pool;
import jdk.jshell.JShell;
import jdk.jshell.SnippetEvent;

import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * {@code jshell}: what shipping classes by value costs. The same {@code pool.map} runs twice on a
 * fresh two-worker pool whose workers are already up: once with a lambda written in a JShell
 * session (its record, helper method and top-level variable exist only in memory, so their
 * classes and the variable's value travel to each worker), once with the same code compiled on
 * the class path. "first map" includes building and sending the shipment; "next map" calls the
 * same function object again (classes already in the workers; statics are snapshotted again).
 * JShell runs with its local engine, in this JVM.
 */
public final class JShellScenario implements Scenario {

    /** The class-path twin of the snippet record. */
    record Point(int x, int y) implements Serializable {
        int norm2() {
            return x * x + y * y;
        }
    }

    static int offset = 1;

    static int helper(int v) {
        return 10 * v;
    }

    @Override
    public String name() {
        return "jshell";
    }

    @Override
    public String description() {
        return "pool.map of a JShell lambda (classes shipped by value) vs the same code on the class path: first and next map";
    }

    @Override
    public void run(BenchContext ctx) throws Exception {
        int reps = ctx.quick() ? 2 : 5;
        int n = ctx.quick() ? 64 : 256;
        List<Integer> items = IntStream.range(0, n).boxed().toList();
        double[] shippedFirst = new double[reps];
        double[] shippedNext = new double[reps];
        double[] pathFirst = new double[reps];
        double[] pathNext = new double[reps];
        for (int r = 0; r < reps; r++) {
            double[] s = inJShell(n);
            shippedFirst[r] = s[0];
            shippedNext[r] = s[1];
            try (Pool pool = Multiprocessing.context("spawn").pool(2)) {
                warm(pool);
                SerializableFunction<Integer, Integer> f = x -> helper(new Point(x, 1).norm2()) + offset;
                pathFirst[r] = Stats.seconds(() -> pool.map(f, items)) * 1000;
                pathNext[r] = Stats.seconds(() -> pool.map(f, items)) * 1000;
            }
            ctx.progress("jshell", r + 1, reps);
        }
        Map<String, Object> p = Map.of("items", n, "workers", 2, "reps", reps);
        ctx.record(name(), "mp4j-spawn shipped", "first map", Stats.median(shippedFirst), "ms", p);
        ctx.record(name(), "mp4j-spawn shipped", "next map", Stats.median(shippedNext), "ms", p);
        ctx.record(name(), "mp4j-spawn class path", "first map", Stats.median(pathFirst), "ms", p);
        ctx.record(name(), "mp4j-spawn class path", "next map", Stats.median(pathNext), "ms", p);
    }

    private static void warm(Pool pool) {
        pool.map(Math::abs, List.of(-1, -2, -3, -4, -5, -6, -7, -8), 1); // both workers up
    }

    /** {first, next} in ms, measured inside a JShell session. */
    private static double[] inJShell(int n) {
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        try (JShell js = JShell.builder().executionEngine("local").out(quiet).err(quiet)
                .compilerOptions("--class-path", System.getProperty("java.class.path")).build()) {
            eval(js, "import io.multiprocessing4j.*;");
            eval(js, "import io.multiprocessing4j.function.*;");
            eval(js, "import java.util.*;");
            eval(js, "record Point(int x, int y) implements java.io.Serializable { int norm2() { return x * x + y * y; } }");
            eval(js, "int helper(int v) { return 10 * v; }");
            eval(js, "int offset = 1;");
            eval(js, "List<Integer> items = java.util.stream.IntStream.range(0, " + n + ").boxed().toList();");
            eval(js, "var pool = Multiprocessing.context(\"spawn\").pool(2);");
            eval(js, "pool.map(Math::abs, List.of(-1, -2, -3, -4, -5, -6, -7, -8), 1);");
            eval(js, "SerializableFunction<Integer, Integer> f = x -> helper(new Point(x, 1).norm2()) + offset;");
            eval(js, "long time(Runnable r) { long t0 = System.nanoTime(); r.run(); return System.nanoTime() - t0; }");
            eval(js, "long first = time(() -> pool.map(f, items));");
            eval(js, "long next = time(() -> pool.map(f, items));");
            double first = Long.parseLong(eval(js, "first")) / 1e6;
            double next = Long.parseLong(eval(js, "next")) / 1e6;
            eval(js, "pool.close();");
            return new double[] {first, next};
        }
    }

    private static String eval(JShell js, String code) {
        String value = null;
        for (SnippetEvent e : js.eval(code)) {
            if (e.exception() != null) {
                throw new IllegalStateException("JShell snippet failed: " + code + ": " + e.exception(), e.exception());
            }
            if (e.status() == jdk.jshell.Snippet.Status.REJECTED) {
                throw new IllegalStateException("JShell rejected: " + code + ": "
                        + js.diagnostics(e.snippet()).map(d -> d.getMessage(null)).toList());
            }
            value = e.value();
        }
        return value;
    }
}
