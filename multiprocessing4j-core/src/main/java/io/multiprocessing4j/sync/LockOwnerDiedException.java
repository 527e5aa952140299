package io.multiprocessing4j.sync;

/**
 * Thrown by {@code lock()} of a lock set to {@link ProcessLock#throwOnOwnerDeath(boolean) throw on
 * owner death} when the previous holder's process died while holding it.
 *
 * <p>When this is thrown <strong>the calling thread holds the lock</strong>, like a robust POSIX
 * mutex returning {@code EOWNERDEAD}: repair whatever the dead holder may have left half-done,
 * then {@code unlock()} as usual. CPython's lock stays held forever in this case (gh-88304).
 */
public class LockOwnerDiedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final long deadPid;

    public LockOwnerDiedException(String lockName, long deadPid) {
        super("the process that held " + lockName + " (pid " + deadPid + ") died while holding it; the calling "
                + "thread now holds the lock: repair the state it guards, then unlock()");
        this.deadPid = deadPid;
    }

    /** @return the pid of the process that died holding the lock */
    public long deadPid() {
        return deadPid;
    }
}
