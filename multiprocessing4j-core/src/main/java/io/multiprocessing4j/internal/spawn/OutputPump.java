package io.multiprocessing4j.internal.spawn;

import io.multiprocessing4j.internal.log.WorkerLogging;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Copies a worker's stdout or stderr to this JVM's {@code System.out}/{@code System.err}, line by
 * line, and keeps the last lines so a crash report can quote them.
 *
 * <p>Implementation notes. Workers do not write to the inherited file descriptors directly: a
 * parent such as a test runner may have replaced {@code System.out}, and a worker's raw writes to
 * descriptor 1 would bypass it. {@link #awaitDrained} lets a crash report wait until the dead
 * worker's last words have arrived. A stderr line that holds a log record the worker forwarded
 * ({@link WorkerLogging}) goes to this JVM's logging instead of {@code System.err}; the crash
 * report's tail keeps a readable form of it.
 *
 * <p>Each pump is a platform daemon thread with a small stack, never a virtual thread. A process
 * pipe is not a selectable channel: a virtual thread reading it blocks in native code and holds
 * its carrier for as long as the worker stays silent, which is its whole life. Two pumps per
 * worker then exhaust the virtual-thread scheduler (256 carriers at most, as few as the number
 * of CPUs before it compensates), and every other virtual thread, the handshake that admits the
 * next worker included, waits for good: about 128 children deadlocked a parent, and a single
 * spare did on a 2-core machine. One poller thread for all pipes would need the file descriptors
 * behind {@link Process#getInputStream()}, which the JDK does not expose without reflection into
 * {@code java.base}. A blocked platform thread costs a kernel thread and the few stack pages it
 * touched (the 128 KiB reservation, {@link WorkerLauncher#PUMP_THREADS}, is virtual memory), so 300 children cost 600 such
 * threads: a few megabytes, against the 40-50 MB each child JVM itself needs.
 */
final class OutputPump implements Runnable {
    static final int TAIL_LINES = 20;
    private final InputStream in;
    private final boolean toErr;
    private final String prefix;
    /** The marker of a forwarded log record ({@link WorkerLogging}), on a stderr pump; else null. */
    private final String logMark;
    private final ArrayDeque<String> tail = new ArrayDeque<>();
    private final String threadName;
    private volatile boolean drained;

    OutputPump(InputStream in, boolean toErr, String prefix, String threadName) {
        this.in = in;
        this.toErr = toErr;
        this.prefix = prefix;
        this.logMark = toErr ? WorkerLogging.parentMark() : null;
        this.threadName = threadName;
    }

    /** Starts copying, on a thread {@link WorkerLauncher#PUMP_THREADS} prepared before the launch. */
    void start() {
        WorkerLauncher.PUMP_THREADS.run(threadName, this);
    }

    @Override
    public void run() {
        StringBuilder line = new StringBuilder();
        byte[] buf = new byte[8192];
        try (in) {
            int n;
            java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();
            while ((n = in.read(buf)) > 0) {
                int start = 0;
                for (int i = 0; i < n; i++) {
                    if (buf[i] == '\n') {
                        pending.write(buf, start, i - start);
                        emit(pending.toString(StandardCharsets.UTF_8));
                        pending.reset();
                        start = i + 1;
                    }
                }
                pending.write(buf, start, n - start);
            }
            if (pending.size() > 0) {
                emit(pending.toString(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the worker is gone; what it wrote has been copied
        } finally {
            line.setLength(0);
            drained = true;
            synchronized (this) {
                notifyAll();
            }
        }
    }

    private void emit(String text) {
        if (logMark != null) {
            String record = WorkerLogging.forward(text, logMark, this::print);
            if (record != null) {
                remember(record);
                return;
            }
        }
        print(text);
    }

    private void print(String text) {
        remember(text);
        PrintStream out = toErr ? System.err : System.out;
        out.println(prefix == null ? text : prefix + text);
    }

    private void remember(String text) {
        synchronized (tail) {
            if (tail.size() == TAIL_LINES) {
                tail.removeFirst();
            }
            tail.addLast(text);
        }
    }

    /** Waits up to {@code millis} for the stream to reach end of file. */
    synchronized void awaitDrained(long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (!drained) {
            long left = (deadline - System.nanoTime()) / 1_000_000;
            if (left <= 0) {
                return;
            }
            try {
                wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    List<String> tail() {
        synchronized (tail) {
            return new ArrayList<>(tail);
        }
    }
}
