package io.multiprocessing4j.spi;

import java.io.Serializable;

/**
 * What a {@link io.multiprocessing4j.sync.ProcessCondition} delegates to: a condition variable in
 * shared memory over a {@link LockBackend}, made by {@link LocalBackends#condition(LockBackend)}.
 * Not for applications.
 *
 * <p>Contract: the caller holds the lock (every hold of it, for a re-entrant lock) when it calls
 * {@link #await}, {@link #wake} or {@link #wakeAll}; the public class checks that. Waits may end
 * spuriously. Serializable: deserialized elsewhere it refers to the same condition and lock.
 * Thread-safe.
 */
public interface ConditionBackend extends Serializable {

    /** @return the condition's name, the same in every process */
    String name();

    /**
     * Releases every hold of the lock, waits for a wake-up (or a spurious one), the deadline or an
     * interrupt, and takes the lock back with the same holds.
     *
     * @param deadline a {@link System#nanoTime()} deadline, {@link Long#MAX_VALUE} for none
     * @param interruptible whether an interrupt ends the wait with {@link InterruptedException}
     * @return whether a wake-up ended the wait
     */
    boolean await(long deadline, boolean interruptible) throws InterruptedException;

    /** Wakes at least {@code n} waiters if there are that many (it may wake more). */
    void wake(int n);

    /** Wakes every waiter. */
    void wakeAll();

    /** Ends this process's use of the condition (not of its lock). */
    void close();
}
