package io.multiprocessing4j.internal.pool;

import io.multiprocessing4j.function.SerializableCallable;
import io.multiprocessing4j.pool.PoolInsights;
import io.multiprocessing4j.pool.PoolOptions;
import io.multiprocessing4j.pool.ResultIterator;
import io.multiprocessing4j.spi.ExecutorBackend;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The pool under a {@code ProcessPoolExecutor}: a {@link PoolImpl} with the executor rules of
 * {@link ExecutorSupport}, seen through the {@link ExecutorBackend} the public class holds.
 */
public final class PoolExecutorBackend implements ExecutorBackend {
    private final PoolImpl pool;

    private PoolExecutorBackend(PoolImpl pool) {
        this.pool = pool;
    }

    /** @return the backend of a pool started with {@code options} */
    public static PoolExecutorBackend start(PoolOptions options) {
        return new PoolExecutorBackend(PoolFactory.create(options));
    }

    @Override
    public <T> CompletableFuture<T> submit(SerializableCallable<T> task) {
        return ExecutorSupport.submit(pool, task);
    }

    @Override
    public boolean serializes() {
        return ExecutorSupport.serializes(pool);
    }

    @Override
    public void requireTransferable(Object task, String call) {
        ExecutorSupport.requireTransferable(pool, task, call);
    }

    @Override
    public void execute(Runnable command) {
        ExecutorSupport.execute(pool, command);
    }

    @Override
    public <T> RunnableFuture<T> newRemoteTask(SerializableCallable<T> task) {
        return ExecutorSupport.RemoteTask.of(pool, task);
    }

    @Override
    public <R> ResultIterator<R> map(Object function, Iterable<?> items, int chunksize) {
        return ExecutorSupport.map(pool, function, items, chunksize);
    }

    @Override
    public PoolInsights insights() {
        return pool.insights();
    }

    @Override
    public void shutdown() {
        ExecutorSupport.shutdown(pool);
    }

    @Override
    public void terminate() {
        pool.terminate();
    }

    @Override
    public boolean isClosed() {
        return pool.isClosed();
    }

    @Override
    public boolean isTerminated() {
        return ExecutorSupport.isTerminated(pool);
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return ExecutorSupport.awaitTermination(pool, timeout, unit);
    }

    @Override
    public void close() {
        pool.close();
    }
}
