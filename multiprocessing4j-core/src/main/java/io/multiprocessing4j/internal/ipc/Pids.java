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
 * <li>when a start was recorded beside the pid, the process started then: a recycled pid is a
 * different process.</li>
 * </ul>
 * The calling process is always alive.
 *
 * <p>A start is recorded as a token ({@link #startOf}): on Linux the process's start in clock ticks
 * since boot ({@code /proc/<pid>/stat}, field 22), compared exactly; elsewhere its start instant in
 * epoch milliseconds, compared within a second. <b>Why ticks:</b> the JDK's start instant is the
 * boot time as {@code /proc/stat} gave it when that JVM started, plus the ticks; the boot time moves
 * whenever the wall clock is stepped (NTP, a resumed VM, a suspended laptop), so after a step a
 * young process computed every older process's start a whole step away from what that process had
 * recorded, took it for dead, and unlinked its shared memory and socket directory under it.
 */
public final class Pids {
    /** This process's pid. */
    public static final long SELF = ProcessHandle.current().pid();
    /** Marks a start token that counts clock ticks since boot (the other kind is epoch milliseconds). */
    public static final long TICKS = 1L << 62;
    /** This process's start token ({@link #startOf}), 0 when the system does not tell. */
    public static final long SELF_START = startOf(SELF);

    private Pids() {
    }

    /**
     * @return the start token of {@code pid}: its start in clock ticks since boot with the
     *     {@link #TICKS} bit set, where {@code /proc} tells it; else its start instant in epoch
     *     milliseconds; 0 when neither is known
     */
    public static long startOf(long pid) {
        String[] f = statFields(pid);
        if (f != null && f.length > 19) {
            try {
                return Long.parseLong(f[19]) | TICKS;
            } catch (NumberFormatException e) {
                // fall back to the instant
            }
        }
        return ProcessHandle.of(pid).flatMap(h -> h.info().startInstant())
                .map(java.time.Instant::toEpochMilli).orElse(0L);
    }

    /**
     * @return whether two start tokens name the same start: equal ticks, or instants within a
     *     second (the resolution of start instants); true when either is unknown (0) or when they
     *     are of different kinds, which cannot be compared
     */
    public static boolean sameStart(long recorded, long actual) {
        if (recorded == 0 || actual == 0) {
            return true;
        }
        boolean ticks = (recorded & TICKS) != 0;
        if (ticks != ((actual & TICKS) != 0)) {
            return true;
        }
        return ticks ? recorded == actual : Math.abs(recorded - actual) < 1000;
    }

    /** @return the fields of {@code /proc/<pid>/stat} from the state on (field 3 is index 0), or null */
    private static String[] statFields(long pid) {
        try {
            String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int close = s.lastIndexOf(')'); // the command name may itself contain ')' or spaces
            return close < 0 || close + 2 >= s.length() ? null : s.substring(close + 2).trim().split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * @param start the start token recorded with the pid ({@link #startOf}), 0 when none was
     * @return whether {@code pid} names a live, non-zombie process that, when {@code start}
     *     is known, is still the one that started then; {@code false} for 0 or a negative pid
     */
    public static boolean isAlive(long pid, long start) {
        if (pid == SELF) {
            return true;
        }
        if (pid <= 0) {
            return false;
        }
        Boolean running = runningPerProc(pid);
        if (running == null) {
            Optional<ProcessHandle> h = ProcessHandle.of(pid);
            running = h.isPresent() && h.get().isAlive();
        }
        if (!running) {
            return false;
        }
        if (start == 0) {
            return true;
        }
        return sameStart(start, startOf(pid));
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
