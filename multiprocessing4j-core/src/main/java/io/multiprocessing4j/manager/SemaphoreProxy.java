package io.multiprocessing4j.manager;

import java.time.Duration;

/** A counting semaphore held by a manager: Python's {@code Manager().Semaphore(n)}. */
public interface SemaphoreProxy {

    /** Takes a permit, waiting as long as it takes. */
    void acquire() throws InterruptedException;

    /**
     * Takes a permit, waiting at most {@code timeout}.
     *
     * @return whether a permit was taken
     */
    boolean tryAcquire(Duration timeout) throws InterruptedException;

    /** Returns a permit. */
    void release();

    /** @return the permits available now */
    int availablePermits();
}
