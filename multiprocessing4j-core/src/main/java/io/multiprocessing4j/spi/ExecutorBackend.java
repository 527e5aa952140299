package io.multiprocessing4j.spi;

import io.multiprocessing4j.function.SerializableCallable;
import io.multiprocessing4j.pool.PoolInsights;
import io.multiprocessing4j.pool.ResultIterator;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.TimeUnit;

/**
 * What a {@link io.multiprocessing4j.pool.ProcessPoolExecutor} delegates to: a started pool and the
 * executor rules on top of it, made by {@link LocalBackends#executor(io.multiprocessing4j.pool.PoolOptions)}.
 * Not for applications.
 *
 * <p>Contract: as the executor methods of the same meaning; the executor class checks arguments
 * that need no pool (null tasks, chunk sizes). Thread-safe.
 */
public interface ExecutorBackend {

    /** @return a future of {@code task}, run in a worker */
    <T> CompletableFuture<T> submit(SerializableCallable<T> task);

    /** @return whether tasks go to other JVMs, and so must be serializable */
    boolean serializes();

    /**
     * Checks, in the caller's thread, that {@code task} can reach a worker.
     *
     * @param call the executor call, to name in the message
     * @throws IllegalArgumentException naming the task's class and what to call instead
     */
    void requireTransferable(Object task, String call);

    /** {@code Executor.execute}: runs {@code command} in a worker, or refuses what cannot reach one. */
    void execute(Runnable command);

    /** @return the task {@code AbstractExecutorService.newTaskFor} returns for a pool whose tasks travel */
    <T> RunnableFuture<T> newRemoteTask(SerializableCallable<T> task);

    /** @return the lazily computed results of {@code function} over {@code items}, in order ({@code chunksize 0}: automatic) */
    <R> ResultIterator<R> map(Object function, Iterable<?> items, int chunksize);

    /** @return what the pool's workers are doing */
    PoolInsights insights();

    /** Stops accepting work without waiting. */
    void shutdown();

    /** Stops the workers now. */
    void terminate();

    /** @return whether shut down */
    boolean isClosed();

    /** @return whether shut down and every task done */
    boolean isTerminated();

    /** @return whether it terminated within the time-out */
    boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException;

    /** Shuts down and waits for the tasks to finish. */
    void close();
}
