package io.multiprocessing4j.spi;

import java.io.Serializable;

/**
 * What a {@link io.multiprocessing4j.sync.ProcessSemaphore} delegates to when a context of another
 * module provides it ({@code ProcessSemaphore.backedBy(backend)}). Not for applications.
 *
 * <p>Contract: a counting semaphore shared by every process the backend reaches; deadlines are
 * {@link System#nanoTime()} values, {@link Long#MAX_VALUE} meaning no limit. A bounded semaphore
 * refuses a release beyond its initial permits with an {@link IllegalStateException} whose message
 * says "too many". Serializable: deserialized elsewhere it refers to the same semaphore. Thread-safe.
 */
public interface SemaphoreBackend extends Serializable {

    /** @return the semaphore's name, the same in every process */
    String name();

    /** @return whether a permit was taken before the deadline */
    boolean acquire(long deadline) throws InterruptedException;

    /** @return whether a permit was free and is now taken */
    boolean tryAcquire();

    /** Gives {@code n >= 1} permits back. */
    void release(int n);

    /** @return the number of free permits */
    int availablePermits();

    /** @return whether the calling thread's latest acquisition followed the return of permits held by a dead process */
    boolean lastOwnerDied();

    /** Ends this process's use of the semaphore (others keep it). */
    void close();
}
