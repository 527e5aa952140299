package io.multiprocessing4j.sync;

import io.multiprocessing4j.function.SerializableRunnable;
import io.multiprocessing4j.spi.BarrierBackend;
import io.multiprocessing4j.spi.LocalBackends;

import java.io.Serial;
import java.io.Serializable;
import java.time.Duration;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Python's {@code multiprocessing.Barrier}: {@code parties} processes (or threads) wait for each
 * other; when the last arrives, the optional action runs in that one and all go on. Reusable:
 * each round is a new generation.
 *
 * <p>A wait that times out breaks the barrier ({@link TimeoutException} for the one that timed
 * out, {@link BrokenBarrierException} for the others), as does {@link #abort()} and an action
 * that throws. A broken barrier refuses every wait until {@link #reset()}.
 *
 * <p><b>Owner death.</b> Every process that holds a handle to the barrier is recorded in it. If
 * one of them dies without exiting normally (SIGKILL, a crash) while others wait, the waiters
 * break the barrier within about 50 ms with a {@link BrokenBarrierException} naming the dead
 * process, instead of waiting forever for a party that will never come. A process that exits
 * normally is struck from the record and breaks nothing. CPython's barrier waits forever here.
 *
 * <p>Thread-safe, {@code Serializable} (re-attaches by name; the action travels with the handle
 * and runs in whichever process arrives last). Obtain one from {@code ctx.barrier(parties)},
 * {@code ctx.barrier(parties, action)} or {@link #create}.
 */
public final class ProcessBarrier implements AutoCloseable, Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private final String name;
    private final int parties;
    private final SerializableRunnable action;
    /** The barrier every method delegates to: in shared memory, or another context's (serialized with it). */
    private final BarrierBackend backend;

    private ProcessBarrier(BarrierBackend backend, SerializableRunnable action) {
        this.name = backend.name();
        this.parties = backend.parties();
        this.action = action;
        this.backend = backend;
    }

    /**
     * For context providers ({@link io.multiprocessing4j.spi}): a barrier whose every method
     * delegates to {@code backend}, as the cluster context's do. Applications use {@code ctx.barrier(n)}.
     *
     * @param backend the barrier to delegate to
     * @param action what the last party to arrive runs each round, or null
     * @return the barrier
     */
    public static ProcessBarrier backedBy(BarrierBackend backend, SerializableRunnable action) {
        return new ProcessBarrier(java.util.Objects.requireNonNull(backend, "backend"), action);
    }

    /** @return a barrier for {@code parties} parties */
    public static ProcessBarrier create(int parties) {
        return create(parties, null);
    }

    /** @return a barrier for {@code parties} parties that runs {@code action} (may be null) in the last to arrive */
    public static ProcessBarrier create(int parties, SerializableRunnable action) {
        if (parties < 1) {
            throw new IllegalArgumentException("parties must be >= 1, got " + parties);
        }
        return new ProcessBarrier(LocalBackends.get().barrier(parties), action);
    }

    /**
     * Waits until all parties have arrived.
     *
     * @return the arrival index, {@code 0} for the first to arrive up to {@code parties - 1} (Python's return value)
     * @throws BrokenBarrierException if the barrier is or becomes broken while waiting
     */
    public int await() throws InterruptedException, BrokenBarrierException {
        try {
            return awaitUntil(Deadlines.FOREVER);
        } catch (TimeoutException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * As {@link #await()}, at most {@code timeout}.
     *
     * @throws TimeoutException if the time elapsed; the barrier is then broken for the others
     */
    public int await(long timeout, TimeUnit unit) throws InterruptedException, BrokenBarrierException, TimeoutException {
        return awaitUntil(Deadlines.after(Math.max(timeout, 0), unit));
    }

    /** As {@link #await(long, TimeUnit)}. */
    public int await(Duration timeout) throws InterruptedException, BrokenBarrierException, TimeoutException {
        return await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private int awaitUntil(long deadline) throws InterruptedException, BrokenBarrierException, TimeoutException {
        Runnable run = action == null ? null : () -> {
            try {
                action.run();
            } catch (RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new ActionFailure(e);
            }
        };
        try {
            return backend.await(deadline, run);
        } catch (ActionFailure f) {
            BrokenBarrierException b = new BrokenBarrierException("the barrier action failed: " + f.getCause());
            b.initCause(f.getCause());
            throw b;
        }
    }

    /** Breaks the barrier: current and future waiters get {@link BrokenBarrierException} until {@link #reset()}. */
    public void abort() {
        backend.abort();
    }

    /** Returns the barrier to its initial state; current waiters get {@link BrokenBarrierException}. */
    public void reset() {
        backend.reset();
    }

    /** @return whether the barrier is broken (Python's {@code broken}) */
    public boolean isBroken() {
        return backend.isBroken();
    }

    /** @return how many parties wait in the current round (Python's {@code n_waiting}) */
    public int numberWaiting() {
        return backend.numberWaiting();
    }

    /** @return the number of parties */
    public int parties() {
        return parties;
    }

    public String name() {
        return name;
    }

    /** Releases this process's use of the barrier; it is unlinked once no live process uses it. */
    @Override
    public void close() {
        backend.close();
    }

    @Serial
    private Object readResolve() {
        return new ProcessBarrier(backend, action);
    }

    @Override
    public String toString() {
        return "ProcessBarrier[" + name + ", parties=" + parties + (isBroken() ? ", broken]" : "]");
    }

    /** Carries a checked exception of the action through the backend, which runs a {@link Runnable}. */
    private static final class ActionFailure extends RuntimeException {
        @Serial
        private static final long serialVersionUID = 1L;

        ActionFailure(Exception cause) {
            super(cause);
        }
    }
}
