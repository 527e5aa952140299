package io.multiprocessing4j.internal.ring;

/** Whether a process recorded in shared memory is still alive. */
public final class Pids {
    /** This process's id. */
    public static final long SELF = ProcessHandle.current().pid();

    private Pids() {
    }

    /** @return whether {@code pid} names a live process; {@code false} for 0 or a negative pid */
    public static boolean isAlive(long pid) {
        if (pid <= 0) {
            return false;
        }
        if (pid == SELF) {
            return true;
        }
        java.nio.file.Path stat = java.nio.file.Path.of("/proc", Long.toString(pid), "stat");
        try {
            // a zombie (exited, not yet reaped by its parent) is dead for us: it will never act again
            String s = java.nio.file.Files.readString(stat);
            int close = s.lastIndexOf(')');
            return close < 0 || close + 2 >= s.length() || (s.charAt(close + 2) != 'Z' && s.charAt(close + 2) != 'X');
        } catch (java.nio.file.NoSuchFileException e) {
            return false;
        } catch (java.io.IOException | RuntimeException e) {
            return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        }
    }
}
