package io.multiprocessing4j.internal.pool;

import io.multiprocessing4j.pool.ResultIterator;

import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** What {@code ProcessPoolExecutor} needs from the pool implementation. */
public final class ExecutorSupport {
    private ExecutorSupport() {
    }

    public static <T> Future<T> submit(PoolImpl pool, Object task) {
        AsyncResultImpl<T> r = pool.submitCallable(task);
        return new TaskFuture<>(pool, r);
    }

    public static void execute(PoolImpl pool, Runnable command) {
        pool.submitRunnable(command);
    }

    public static <R> ResultIterator<R> map(PoolImpl pool, Object function, Iterable<?> items, int chunksize) {
        return pool.stream("map", function, items, true, chunksize);
    }

    public static void shutdown(PoolImpl pool) {
        pool.closeNoWait();
    }

    public static boolean isTerminated(PoolImpl pool) {
        return pool.isTerminated();
    }

    public static boolean awaitTermination(PoolImpl pool, long timeout, TimeUnit unit) throws InterruptedException {
        return pool.awaitTermination(timeout, unit);
    }

    /** A {@link Future} whose {@code cancel(true)} kills the worker running it. */
    private static final class TaskFuture<T> implements Future<T> {
        private final PoolImpl pool;
        private final AsyncResultImpl<T> result;

        TaskFuture(PoolImpl pool, AsyncResultImpl<T> result) {
            this.pool = pool;
            this.result = result;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = result.future().cancel(mayInterruptIfRunning);
            if (cancelled) {
                pool.cancel(result, mayInterruptIfRunning);
            }
            return cancelled;
        }

        @Override
        public boolean isCancelled() {
            return result.future().isCancelled();
        }

        @Override
        public boolean isDone() {
            return result.future().isDone();
        }

        @Override
        public T get() throws InterruptedException, ExecutionException {
            return result.future().get();
        }

        @Override
        public T get(long timeout, TimeUnit unit) throws InterruptedException, ExecutionException, TimeoutException {
            return result.future().get(timeout, unit);
        }

        @Override
        public State state() {
            return result.future().state();
        }

        @Override
        public T resultNow() {
            return result.future().resultNow();
        }

        @Override
        public Throwable exceptionNow() {
            return result.future().exceptionNow();
        }

        @Override
        public String toString() {
            return "TaskFuture[" + state() + "]";
        }
    }

    static CancellationException cancelled() {
        return new CancellationException("cancelled");
    }
}
