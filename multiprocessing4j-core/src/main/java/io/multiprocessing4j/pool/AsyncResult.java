package io.multiprocessing4j.pool;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * The result of an asynchronous pool call ({@link Pool#applyAsync}, {@link Pool#mapAsync}):
 * Python's {@code AsyncResult}.
 *
 * <p>Thread-safe; any thread of the pool's process may wait on it. Callbacks given to the
 * {@code *Async} methods run on a pool thread once, before waiters return.
 *
 * @param <T> the result type
 */
public interface AsyncResult<T> {

    /**
     * Waits for the result.
     *
     * @return the value
     * @throws ExecutionException if the task failed; the cause is the task's own exception (with
     *     the remote stack trace as its cause), a {@link TaskTimeoutException}, or a
     *     {@link io.multiprocessing4j.process.WorkerCrashedException}
     * @throws InterruptedException if interrupted while waiting
     */
    T get() throws ExecutionException, InterruptedException;

    /**
     * Waits at most {@code timeout} for the result. Python's {@code get(timeout)}.
     *
     * @throws TimeoutException if it is not ready in time (the task goes on)
     */
    T get(Duration timeout) throws ExecutionException, InterruptedException, TimeoutException;

    /** @return whether the call has completed, successfully or not */
    boolean ready();

    /**
     * @return whether the call completed without an exception
     * @throws IllegalStateException if it is not ready yet (as Python raises {@code ValueError})
     */
    boolean successful();

    /** Waits until ready: Python's {@code wait()} ({@code Object.wait} is taken in Java). */
    void await() throws InterruptedException;

    /**
     * Waits at most {@code timeout} until ready: Python's {@code wait(timeout)}.
     *
     * @return whether it is ready
     */
    boolean await(Duration timeout) throws InterruptedException;

    /** @return a future completed with the same outcome */
    CompletableFuture<T> toCompletableFuture();
}
