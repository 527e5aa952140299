package io.multiprocessing4j.spi;

import java.io.Serializable;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeoutException;

/**
 * What a {@link io.multiprocessing4j.sync.ProcessBarrier} delegates to when a context of another
 * module provides it ({@code ProcessBarrier.backedBy(backend, action)}). Not for applications.
 *
 * <p>Contract: the cyclic barrier of {@link java.util.concurrent.CyclicBarrier}, shared by every
 * process the backend reaches. {@link #await(long, Runnable)} runs {@code action} (may be null) in
 * the last party to arrive, before the others are released; a time-out breaks the barrier and
 * throws {@link TimeoutException}; waiters of a broken or reset round get
 * {@link BrokenBarrierException}. Serializable: deserialized elsewhere it refers to the same
 * barrier. Thread-safe.
 */
public interface BarrierBackend extends Serializable {

    /** @return the barrier's name, the same in every process */
    String name();

    /** @return the number of parties */
    int parties();

    /**
     * Waits for every party.
     *
     * @param deadline a {@code System.nanoTime()} deadline, {@code Long.MAX_VALUE} for none
     * @param action what the last party to arrive runs, or null
     * @return the arrival index: {@code 0} for the first to arrive up to {@code parties() - 1}
     */
    int await(long deadline, Runnable action) throws InterruptedException, BrokenBarrierException, TimeoutException;

    /** Breaks the barrier: waiters and later arrivals get {@link BrokenBarrierException} until {@link #reset()}. */
    void abort();

    /** Breaks the current round for its waiters and starts a fresh, unbroken one. */
    void reset();

    /** @return whether the barrier is broken */
    boolean isBroken();

    /** @return the parties waiting in the current round */
    int numberWaiting();

    /** Ends this process's use of the barrier (others keep it). */
    void close();
}
