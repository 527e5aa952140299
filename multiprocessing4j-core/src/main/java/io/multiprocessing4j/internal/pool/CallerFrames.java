package io.multiprocessing4j.internal.pool;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Gives a task's exception, rethrown by a synchronous pool call, the caller's own frames below the
 * worker's: the trace then reads "the task failed here, in the worker; it was called from this
 * line of yours", as mpire's error reports do.
 *
 * <p>Implementation notes. The worker's runner frames (pool internals and {@code java.*} below the
 * task's own frames) are dropped; a marker frame separates the two halves. An exception that
 * already carries a marker (rethrown twice, or to two callers) has its old caller half replaced,
 * never stacked. An exception made by the pool itself (a timeout, a crash) has only runner frames,
 * so it shows the marker and the caller's frames alone.
 */
final class CallerFrames {
    static final String MARKER_CLASS = "io.multiprocessing4j.pool";
    private static final String MARKER_METHOD = "[the task ran in a pool worker above; the call was made below]";

    private CallerFrames() {
    }

    /** Appends the current thread's frames to {@code t}'s trace; returns {@code t}. */
    static <T extends Throwable> T append(T t) {
        try {
            StackTraceElement[] remote = withoutOldCaller(t.getStackTrace());
            int end = remote.length;
            while (end > 0 && isRunnerFrame(remote[end - 1])) {
                end--;
            }
            List<StackTraceElement> frames = new ArrayList<>(Arrays.asList(remote).subList(0, end));
            frames.add(new StackTraceElement(MARKER_CLASS, MARKER_METHOD, "caller", -1));
            StackTraceElement[] here = new Throwable().getStackTrace();
            int start = 0;
            while (start < here.length && here[start].getClassName().startsWith("io.multiprocessing4j.internal.pool.")) {
                start++;
            }
            frames.addAll(Arrays.asList(here).subList(start, here.length));
            t.setStackTrace(frames.toArray(StackTraceElement[]::new));
        } catch (RuntimeException ignored) {
            // an exception type that refuses a new trace keeps its own
        }
        return t;
    }

    private static StackTraceElement[] withoutOldCaller(StackTraceElement[] trace) {
        for (int i = 0; i < trace.length; i++) {
            if (MARKER_CLASS.equals(trace[i].getClassName()) && MARKER_METHOD.equals(trace[i].getMethodName())) {
                return Arrays.copyOf(trace, i);
            }
        }
        return trace;
    }

    private static boolean isRunnerFrame(StackTraceElement e) {
        String c = e.getClassName();
        return c.startsWith("io.multiprocessing4j.internal.") || c.startsWith("java.") || c.startsWith("jdk.")
                || c.startsWith("sun.");
    }
}
