package io.multiprocessing4j.internal.shm;

import java.util.Optional;

/**
 * Process identities as stored in shared memory: a pid, and the process's start time so that a
 * recycled pid is not mistaken for the process that used to have it.
 */
public final class Pids {
    /** This process's pid. */
    public static final long SELF = ProcessHandle.current().pid();
    /** This process's start time in epoch milliseconds, 0 when the system does not tell. */
    public static final long SELF_START = startMillis(ProcessHandle.current());

    private Pids() {
    }

    static long startMillis(ProcessHandle h) {
        return h.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(0L);
    }

    /** @return whether the process {@code pid} is alive (and, when known, still the one that started at {@code startMillis}) */
    public static boolean isAlive(long pid, long startMillis) {
        if (pid == SELF) {
            return true;
        }
        if (pid <= 0) {
            return false;
        }
        Optional<ProcessHandle> h = ProcessHandle.of(pid);
        if (h.isEmpty() || !h.get().isAlive()) {
            return false;
        }
        if (startMillis == 0) {
            return true;
        }
        long actual = startMillis(h.get());
        // start times come from /proc with clock-tick resolution: allow a small difference
        return actual == 0 || Math.abs(actual - startMillis) < 1000;
    }

    /** @return whether the process {@code pid} is alive */
    public static boolean isAlive(long pid) {
        return isAlive(pid, 0);
    }
}
