package io.multiprocessing4j.cli.bench.scenarios;

import io.multiprocessing4j.MpContext;
import io.multiprocessing4j.Multiprocessing;
import io.multiprocessing4j.cli.bench.BenchContext;
import io.multiprocessing4j.cli.bench.BenchRecord;
import io.multiprocessing4j.connection.Connection;
import io.multiprocessing4j.connection.Pipe;
import io.multiprocessing4j.process.ChildProcess;
import io.multiprocessing4j.queue.ProcessQueue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The measurements behind the queue and pipe scenarios, shared so every scenario times the same
 * way: a child process warms its code up first (a fresh JVM starts interpreted; CPython has no such
 * phase), sends a "go" marker, and the parent times the steady state from that marker to the last
 * message. Each figure is the median of the repetitions.
 */
final class IpcBench {
    static final String GO = "GO";
    static final String DONE = "DONE";
    static final List<String> CONTEXTS = List.of("spawn", "thread");

    private IpcBench() {
    }

    static int reps(BenchContext ctx) {
        return ctx.quick() ? 1 : 3;
    }

    static double median(double[] xs) {
        double[] s = xs.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    static String variant(String context) {
        return "mp4j-" + context;
    }

    static void python(BenchContext ctx, String scenario, List<String> args) throws Exception {
        if (!ctx.python()) {
            return;
        }
        for (BenchRecord r : ctx.runPython(scenario, args)) {
            ctx.record(r);
        }
    }

    /** Items a child sends: {@code warm} untimed, then {@code n} timed. */
    interface Payload extends java.io.Serializable {
        Object item(int i);
    }

    /**
     * One child puts {@code warm} items, {@link #GO}, {@code n} items, {@link #DONE}; the parent
     * takes them all. @return seconds from {@code GO} to {@code DONE}
     */
    static double childToParent(MpContext mp, int warm, int n, Payload payload) throws Exception {
        ProcessQueue<Object> q = mp.queue();
        try {
            ChildProcess p = mp.process((ProcessQueue<Object> out) -> {
                for (int i = 0; i < warm; i++) {
                    out.put(payload.item(i));
                }
                out.put(GO);
                for (int i = 0; i < n; i++) {
                    out.put(payload.item(i));
                }
                out.put(DONE);
            }, q).start();
            while (!GO.equals(q.take())) {
                // warm-up items
            }
            long t0 = System.nanoTime();
            int got = 0;
            while (!DONE.equals(q.take())) {
                got++;
            }
            double s = (System.nanoTime() - t0) / 1e9;
            p.join();
            if (got != n) {
                throw new IllegalStateException("received " + got + " of " + n + " items");
            }
            return s;
        } finally {
            q.close();
        }
    }

    /** Median of {@code rounds} small-object round trips over a duplex pipe, in microseconds. */
    static double pingPong(MpContext mp, int warm, int rounds, boolean pinned) throws Exception {
        try (Pipe pipe = mp.pipe(true)) {
            ChildProcess p = mp.process((Connection c) -> {
                for (Object o = c.recv(); !DONE.equals(o); o = c.recv()) {
                    c.send(o);
                }
            }, pipe.right()).start();
            Connection c = pipe.left();
            String restore = null;
            try {
                if (pinned) {
                    restore = pin(ProcessHandle.current().pid(), p.pid());
                }
                for (int i = 0; i < warm; i++) {
                    c.send(i);
                    c.recv();
                }
                long[] t = new long[rounds];
                for (int i = 0; i < rounds; i++) {
                    long t0 = System.nanoTime();
                    c.send(i);
                    c.recv();
                    t[i] = System.nanoTime() - t0;
                }
                Arrays.sort(t);
                return t[rounds / 2] / 1e3;
            } finally {
                c.send(DONE);
                p.join();
                if (restore != null) {
                    tasksetAll(restore, ProcessHandle.current().pid());
                }
            }
        }
    }

    /** @return whether {@code taskset} can pin processes here */
    static boolean canPin() {
        try {
            return run("taskset", "-p", Long.toString(ProcessHandle.current().pid())).contains("affinity");
        } catch (Exception e) {
            return false;
        }
    }

    /** Pins every thread of both processes to CPU 0; the child may be a thread of this JVM. @return this JVM's old mask */
    private static String pin(long self, long child) throws Exception {
        String out = run("taskset", "-p", Long.toString(self));
        String mask = out.substring(out.lastIndexOf(':') + 1).trim();
        tasksetAll("-c", "0", self);
        if (child != self && child > 0) {
            tasksetAll("-c", "0", child);
        }
        return mask;
    }

    /**
     * {@code taskset -a -p ARGS PID}: every thread of the process. A JVM's threads come and go, and
     * taskset fails when one exits while it walks them ("No such process"), so that case is retried.
     */
    private static void tasksetAll(Object... argsThenPid) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("taskset", "-a", "-p"));
        for (Object a : argsThenPid) {
            cmd.add(a.toString());
        }
        for (int attempt = 1; ; attempt++) {
            try {
                run(cmd.toArray(String[]::new));
                return;
            } catch (IllegalStateException e) {
                if (attempt >= 5 || !e.getMessage().contains("No such process")) {
                    throw e;
                }
            }
        }
    }

    static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }

    /** Streams {@code n} messages of {@code size} bytes with sendBytes; the parent uses recvBytesInto. @return seconds */
    static double pipeStream(MpContext mp, int warm, int n, int size) throws Exception {
        try (Pipe pipe = mp.pipe(true)) {
            ChildProcess p = mp.process((Connection c) -> {
                byte[] b = new byte[size];
                for (int i = 0; i < warm + n; i++) {
                    c.sendBytes(b);
                }
                c.recv();
            }, pipe.right()).start();
            byte[] buf = new byte[size];
            for (int i = 0; i < warm; i++) {
                pipe.left().recvBytesInto(buf, 0);
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                pipe.left().recvBytesInto(buf, 0);
            }
            double s = (System.nanoTime() - t0) / 1e9;
            pipe.left().send(DONE);
            p.join();
            return s;
        }
    }

    static MpContext context(String name) {
        return Multiprocessing.context(name);
    }

    static Map<String, Object> params(Object... kv) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    static List<Double> list(double[] xs) {
        List<Double> l = new ArrayList<>();
        for (double x : xs) {
            l.add(x);
        }
        return l;
    }
}
