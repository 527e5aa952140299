package io.multiprocessing4j.manager;

import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeoutException;

/**
 * A barrier held by a manager: Python's {@code Manager().Barrier(parties)}. {@code parties}
 * callers wait for each other; when the last arrives, all go on. Reusable: each round starts afresh.
 *
 * <p>A wait that times out breaks the barrier ({@link TimeoutException} for the one that timed
 * out, {@link BrokenBarrierException} for the others), as does {@link #abort()}. A broken barrier
 * refuses every wait until {@link #reset()}.
 *
 * <p><b>Failure.</b> A process that dies (even by SIGKILL) while it waits breaks the barrier: the
 * others get {@link BrokenBarrierException} at once instead of waiting for a party that will never
 * come, as Python's barrier breaks when a waiter is interrupted.
 *
 * <p>Thread-safe; any process holding the proxy may call it (the proxy is serializable and reconnects).
 */
public interface BarrierProxy {

    /**
     * Waits until all parties have arrived (Python's {@code wait()}).
     *
     * @return the arrival index: {@code 0} for the first to arrive up to {@code parties - 1} for the
     *     last (Python's order; {@link java.util.concurrent.CyclicBarrier} counts the other way)
     * @throws BrokenBarrierException if the barrier is or becomes broken while waiting
     */
    int await() throws InterruptedException, BrokenBarrierException;

    /**
     * As {@link #await()}, at most {@code timeout}.
     *
     * @throws TimeoutException if the time elapsed; the barrier is then broken for the others
     */
    int await(Duration timeout) throws InterruptedException, BrokenBarrierException, TimeoutException;

    /** Returns the barrier to its initial state; current waiters get {@link BrokenBarrierException}. */
    void reset();

    /** Breaks the barrier: current and future waiters get {@link BrokenBarrierException} until {@link #reset()}. */
    void abort();

    /** @return whether the barrier is broken (Python's {@code broken}) */
    boolean isBroken();

    /** @return the number of parties (Python's {@code parties}) */
    int parties();

    /** @return how many parties wait in the current round (Python's {@code n_waiting}) */
    int numberWaiting();
}
