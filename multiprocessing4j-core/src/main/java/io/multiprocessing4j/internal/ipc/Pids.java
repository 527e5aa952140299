package io.multiprocessing4j.internal.ipc;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Process identities as stored in shared memory, and the one definition of "alive" that every
 * shared-memory structure uses (lock holders, holder tables, barrier and semaphore slots, unlink
 * decisions).
 *
 * <p>Implementation notes. A process recorded in shared memory is alive when all of these hold:
 * <ul>
 * <li>its pid names a process ({@code /proc/<pid>} exists, or {@code ProcessHandle} says so where
 * there is no {@code /proc});</li>
 * <li>that process is not a zombie ({@code Z}) or dead ({@code X}) in {@code /proc/<pid>/stat}: a
 * child that exited but that its parent has not reaped yet will never act again, and a parent that
 * just killed its child must see it dead at once, not after the reap;</li>
 * <li>when a start time was recorded beside the pid, the process started then (within a second,
 * the resolution of {@code /proc} start times): a recycled pid is a different process.</li>
 * </ul>
 * The calling process is always alive.
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

    /**
     * @param startMillis the start time recorded with the pid (epoch ms), 0 when none was
     * @return whether {@code pid} names a live, non-zombie process that, when {@code startMillis}
     *     is known, is still the one that started then; {@code false} for 0 or a negative pid
     */
    public static boolean isAlive(long pid, long startMillis) {
        if (pid == SELF) {
            return true;
        }
        if (pid <= 0) {
            return false;
        }
        Boolean running = runningPerProc(pid);
        Optional<ProcessHandle> h = Optional.empty();
        if (running == null) {
            h = ProcessHandle.of(pid);
            running = h.isPresent() && h.get().isAlive();
        }
        if (!running) {
            return false;
        }
        if (startMillis == 0) {
            return true;
        }
        if (h.isEmpty()) {
            h = ProcessHandle.of(pid);
            if (h.isEmpty()) {
                return false;
            }
        }
        long actual = startMillis(h.get());
        // start times come from /proc with clock-tick resolution: allow a small difference
        return actual == 0 || Math.abs(actual - startMillis) < 1000;
    }

    /** @return whether the process {@code pid} is alive and no zombie (start time unknown) */
    public static boolean isAlive(long pid) {
        return isAlive(pid, 0);
    }

    /** @return what {@code /proc/<pid>/stat} says (running or not), or null when it cannot tell */
    private static Boolean runningPerProc(long pid) {
        try {
            String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int close = s.lastIndexOf(')'); // the command name may itself contain ')' or spaces
            if (close < 0 || close + 2 >= s.length()) {
                return true;
            }
            char state = s.charAt(close + 2);
            return state != 'Z' && state != 'X';
        } catch (NoSuchFileException e) {
            return Files.isDirectory(Path.of("/proc", "self")) ? Boolean.FALSE : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
