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
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
