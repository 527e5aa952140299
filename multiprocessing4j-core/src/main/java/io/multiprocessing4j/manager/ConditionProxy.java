package io.multiprocessing4j.manager;

import java.time.Duration;

/**
 * A condition variable held by a manager: Python's {@code Manager().Condition(lock)}. Processes
 * wait on it for a state that other processes change, under its lock.
 *
 * <p>Hold the lock ({@link #lock()}/{@link #unlock()}, or the {@code lock()}/{@code rlock()} proxy
 * the condition was made with) around {@code await} and {@code signal}, as with any condition;
 * calling them without it throws {@link IllegalMonitorStateException} (Python's {@code RuntimeError}).
 * {@code await} releases the lock while it waits and holds it again when it returns. Loop on your
 * predicate around {@code await}: another process may have changed the state again before the woken
 * waiter gets the lock back. ({@code wait}/{@code notify} are {@code await}/{@code signal} here:
 * {@code Object}'s are final.)
 *
 * <p><b>Failure.</b> A process that dies while it waits is removed from the waiters; a signal it
 * had already been given passes to the next waiter. A process that dies holding the condition's own
 * lock or an {@code rlock()} releases it (the manager frees what a closed connection's thread held);
 * a plain {@code lock()} belongs to no thread, so, as in Python, it stays locked.
 *
 * <p>Thread-safe; any process holding the proxy may call it (the proxy is serializable and
 * reconnects). The lock is owned by the calling thread (each client thread talks to the manager
 * over its own connection), so the thread that locks must be the one that unlocks.
 */
public interface ConditionProxy {

    /** Takes the condition's lock, waiting as long as it takes (reentrant unless made over a {@code lock()}). */
    void lock();

    /**
     * Releases the condition's lock.
     *
     * @throws IllegalMonitorStateException if the calling thread does not hold it
     */
    void unlock();

    /**
     * Releases the lock, waits until signalled, and takes the lock again (Python's {@code wait()}).
     *
     * @throws IllegalMonitorStateException if the calling thread does not hold the lock
     */
    void await() throws InterruptedException;

    /**
     * As {@link #await()}, at most {@code timeout}; the lock is held again on return either way.
     *
     * @return {@code true} if signalled, {@code false} on time-out (Python's {@code wait(timeout)})
     */
    boolean await(Duration timeout) throws InterruptedException;

    /** Wakes one waiter, if any (Python's {@code notify()}). The caller must hold the lock. */
    void signal();

    /** Wakes up to {@code n} waiters (Python's {@code notify(n)}). The caller must hold the lock. */
    void signal(int n);

    /** Wakes every waiter (Python's {@code notify_all()}). The caller must hold the lock. */
    void signalAll();
}
