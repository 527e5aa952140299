package io.multiprocessing4j.spi;

import java.io.Serializable;

/**
 * What a {@link io.multiprocessing4j.sync.ProcessLock} or {@link io.multiprocessing4j.sync.ProcessRLock}
 * delegates to when a context of another module (the cluster context) provides the lock instead
 * of shared memory: {@code ProcessLock.backedBy(backend)}. Not for applications.
 *
 * <p>Contract: the backend is a re-entrant lock owned by a thread (of any process it reaches);
 * the lock classes add the non-re-entrant rule of {@code ProcessLock} on top. Deadlines are
 * {@link System#nanoTime()} values, {@link Long#MAX_VALUE} meaning no limit. The backend is
 * serializable: deserialized in another process it refers to the same lock. Thread-safe.
 */
public interface LockBackend extends Serializable {

    /** @return the lock's name, the same in every process */
    String name();

    /**
     * Acquires (again, if the calling thread holds it) before the deadline.
     *
     * @param deadline a {@code System.nanoTime()} deadline, {@code Long.MAX_VALUE} for none
     * @param interruptible whether an interrupt ends the wait with {@link InterruptedException}
     * @return whether the lock was acquired
     */
    boolean acquire(long deadline, boolean interruptible) throws InterruptedException;

    /** @return whether the lock was free (or held by the calling thread) and is now held */
    boolean tryAcquire();

    /**
     * Releases one hold of the calling thread.
     *
     * @throws IllegalMonitorStateException (its message saying "not held") if the thread does not hold it
     */
    void release();

    /** @return whether any thread of any process holds the lock */
    boolean isLocked();

    /** @return whether the calling thread holds the lock */
    boolean isHeldByCurrentThread();

    /** @return the calling thread's holds, {@code 0} if it holds none */
    int holdCount();

    /** @return whether the latest hold was taken after the previous holder's process died holding it */
    boolean lastOwnerDied();

    /** @return the process id of the holder whose death the latest hold followed, {@code -1} if unknown */
    long deadOwnerPid();

    /** Chooses whether acquiring a lock whose holder died throws {@link io.multiprocessing4j.sync.LockOwnerDiedException}. */
    void throwOnOwnerDeath(boolean yes);

    /** @return the choice of {@link #throwOnOwnerDeath(boolean)} */
    boolean throwsOnOwnerDeath();

    /**
     * @return whether {@link #acquire} itself throws {@link io.multiprocessing4j.sync.LockOwnerDiedException}
     *     (with the lock's {@code toString()} and the dead holder's pid) when it takes the lock over from a
     *     holder that died and {@link #throwOnOwnerDeath(boolean)} is set. If not, which is the default, the
     *     lock classes ask {@link #lastOwnerDied()} after every acquisition. Asked once per lock object.
     */
    default boolean throwsOwnerDeathItself() {
        return false;
    }

    /** Ends this process's use of the lock (others keep it). */
    void close();
}
