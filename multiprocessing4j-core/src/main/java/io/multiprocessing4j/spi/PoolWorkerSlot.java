package io.multiprocessing4j.spi;

/**
 * What {@link io.multiprocessing4j.pool.PoolWorker} reads: the pool worker the calling thread runs
 * in, from {@link LocalBackends#currentPoolWorker()}. Not for applications.
 *
 * <p>Contract: one slot per pool worker (a worker JVM, or a thread of the thread context), alive
 * while the worker runs tasks or its initializer. Thread-safe.
 */
public interface PoolWorkerSlot {

    /** @return the worker's id, in {@code 0..workers-1} */
    int id();

    /** @return whether the pool has a per-worker state ({@code workerState}) */
    boolean hasState();

    /** @return the worker's state, when {@link #hasState()} */
    Object state();
}
