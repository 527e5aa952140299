package io.multiprocessing4j.pool;

import io.multiprocessing4j.function.SerializableCallable;
import io.multiprocessing4j.function.SerializableFunction;
import io.multiprocessing4j.function.SerializableRunnable;
import io.multiprocessing4j.function.SerializableSupplier;
import io.multiprocessing4j.spi.ExecutorBackend;
import io.multiprocessing4j.spi.LocalBackends;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RunnableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Python's {@code concurrent.futures.ProcessPoolExecutor} as a {@link java.util.concurrent.ExecutorService}
 * whose tasks run in worker processes, and which, unlike CPython's, is never broken by a crash: a
 * task whose worker dies fails with {@link io.multiprocessing4j.process.WorkerCrashedException}, a
 * replacement starts, and the executor keeps serving.
 *
 * <p>Tasks must be serializable in the spawn context: pass lambdas as {@link SerializableCallable}
 * (the {@code submit} overload that takes one is chosen for a lambda automatically). A task that
 * cannot be serialized fails in {@code submit}, in the caller's thread. {@code cancel(true)} on a
 * running task kills its worker and starts a replacement. {@link #map} reads its input lazily.
 *
 * <p>With {@code java.util.concurrent}: every {@code submit} returns a {@link CompletableFuture}
 * (a {@code Future} and a {@code CompletionStage}); {@link #supplyAsync} and {@link #runAsync} are
 * the executor's own {@code CompletableFuture} factories; an
 * {@link java.util.concurrent.ExecutorCompletionService} over this executor works. In the spawn
 * context {@code CompletableFuture.supplyAsync(supplier, executor)} (and the other
 * {@code *Async(.., executor)} methods) are refused at once with a message, because the JDK would
 * run the supplier in this JVM; and a task that is not {@code Serializable} is refused in
 * {@code submit}/{@code execute}. In the thread context all of these simply run on the pool's threads.
 *
 * <p>Thread-safe. {@link #close()} waits for submitted tasks, as {@code shutdown(wait=True)} does.
 */
public final class ProcessPoolExecutor extends AbstractExecutorService implements AutoCloseable {
    /** The started pool and the executor rules on top of it. */
    private final ExecutorBackend pool;

    /**
     * An executor with {@code maxWorkers} workers in the default context.
     *
     * @param maxWorkers the number of workers, at least 1
     */
    public ProcessPoolExecutor(int maxWorkers) {
        this(Pool.builder().workers(maxWorkers));
    }

    private ProcessPoolExecutor(Pool.Builder builder) {
        this.pool = LocalBackends.get().executor(builder.options());
    }

    /**
     * An executor configured like a pool (context, workers, timeouts, recycling, initializer...).
     *
     * @param builder the pool settings
     * @return the executor
     */
    public static ProcessPoolExecutor of(Pool.Builder builder) {
        return new ProcessPoolExecutor(Objects.requireNonNull(builder, "builder"));
    }

    /**
     * Submits a serializable task; lambdas choose this overload.
     *
     * @return its future, also a {@link java.util.concurrent.CompletionStage}: chain on it with
     *     {@code thenApply}, {@code thenCombine}, ...; {@code cancel(true)} kills the worker running it
     */
    public <T> CompletableFuture<T> submit(SerializableCallable<T> task) {
        return pool.submit(Objects.requireNonNull(task, "task must not be null"));
    }

    /**
     * Submits a {@code Callable}; in the spawn context it must be {@code Serializable}.
     *
     * @throws IllegalArgumentException in the spawn context, for a task that is not serializable
     */
    @Override
    public <T> CompletableFuture<T> submit(Callable<T> task) {
        pool.requireTransferable(task, "submit(Callable)");
        return pool.submit(task::call);
    }

    /**
     * Submits a {@code Runnable}; in the spawn context it must be {@code Serializable}.
     *
     * @return a future that completes with {@code null}
     * @throws IllegalArgumentException in the spawn context, for a task that is not serializable
     */
    @Override
    public CompletableFuture<?> submit(Runnable task) {
        return submit(task, null);
    }

    /**
     * Submits a {@code Runnable} with the result its future completes with; in the spawn context
     * both must be {@code Serializable}.
     *
     * @throws IllegalArgumentException in the spawn context, for a task that is not serializable
     */
    @Override
    public <T> CompletableFuture<T> submit(Runnable task, T result) {
        pool.requireTransferable(task, "submit(Runnable)");
        return pool.submit(() -> {
            task.run();
            return result;
        });
    }

    /**
     * Runs {@code supplier} in a worker: the executor's own {@code CompletableFuture.supplyAsync}.
     * ({@code CompletableFuture.supplyAsync(supplier, executor)} cannot work in the spawn context:
     * the JDK wraps the supplier in an object that runs it in this JVM; it is refused at once.)
     *
     * @param supplier the task; a lambda converts to it
     * @return a future completed with its result, or exceptionally with what it threw
     */
    public <T> CompletableFuture<T> supplyAsync(SerializableSupplier<T> supplier) {
        Objects.requireNonNull(supplier, "supplier must not be null");
        return pool.submit(supplier::get);
    }

    /**
     * Runs {@code task} in a worker: the executor's own {@code CompletableFuture.runAsync}.
     *
     * @param task the task; a lambda converts to it
     * @return a future completed when it has run, or exceptionally with what it threw
     */
    public CompletableFuture<Void> runAsync(SerializableRunnable task) {
        Objects.requireNonNull(task, "task must not be null");
        return pool.submit(() -> {
            task.run();
            return null;
        });
    }

    /**
     * Runs {@code command} in a worker. In the spawn context it must be {@code Serializable}; the
     * JDK's own wrappers are handled: an {@code ExecutorCompletionService}'s work, and that of
     * {@code AbstractExecutorService}'s helpers, runs in workers, while a
     * {@code CompletableFuture.*Async(.., executor)} wrapper is refused at once (use
     * {@link #supplyAsync} / {@link #runAsync}).
     *
     * @throws IllegalArgumentException in the spawn context, for a task that is not serializable
     * @throws java.util.concurrent.RejectedExecutionException for a {@code CompletableFuture} wrapper
     *     in the spawn context
     */
    @Override
    public void execute(Runnable command) {
        pool.execute(command);
    }

    /**
     * In the spawn context, a task that sends {@code callable} to a worker when it runs: what an
     * {@code ExecutorCompletionService} built on this executor wraps, so it works unchanged.
     *
     * @throws IllegalArgumentException in the spawn context, for a task that is not serializable
     */
    @Override
    protected <T> RunnableFuture<T> newTaskFor(Callable<T> callable) {
        if (!pool.serializes()) {
            return super.newTaskFor(callable);
        }
        pool.requireTransferable(callable, "submit(Callable)");
        return pool.newRemoteTask(callable::call);
    }

    /** As {@link #newTaskFor(Callable)}, for a {@code Runnable} and its result. */
    @Override
    protected <T> RunnableFuture<T> newTaskFor(Runnable runnable, T value) {
        if (!pool.serializes()) {
            return super.newTaskFor(runnable, value);
        }
        pool.requireTransferable(runnable, "submit(Runnable)");
        return pool.newRemoteTask(() -> {
            runnable.run();
            return value;
        });
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks) throws InterruptedException {
        Objects.requireNonNull(tasks, "tasks");
        List<Future<T>> futures = new ArrayList<>(tasks.size());
        for (Callable<T> t : tasks) {
            futures.add(submit(t));
        }
        for (Future<T> f : futures) {
            try {
                f.get();
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.CancellationException ignored) {
                // reported through the future
            }
        }
        return futures;
    }

    @Override
    public <T> List<Future<T>> invokeAll(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException {
        Objects.requireNonNull(tasks, "tasks");
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        List<Future<T>> futures = new ArrayList<>(tasks.size());
        for (Callable<T> t : tasks) {
            futures.add(submit(t));
        }
        for (Future<T> f : futures) {
            long left = deadline - System.nanoTime();
            try {
                if (left <= 0) {
                    throw new java.util.concurrent.TimeoutException();
                }
                f.get(left, TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                futures.forEach(x -> x.cancel(true));
                break;
            } catch (java.util.concurrent.ExecutionException | java.util.concurrent.CancellationException ignored) {
                // reported through the future
            }
        }
        return futures;
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks)
            throws InterruptedException, java.util.concurrent.ExecutionException {
        try {
            return invokeAny(tasks, Long.MAX_VALUE, TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new java.util.concurrent.ExecutionException("no task completed", e);
        }
    }

    @Override
    public <T> T invokeAny(Collection<? extends Callable<T>> tasks, long timeout, TimeUnit unit)
            throws InterruptedException, java.util.concurrent.ExecutionException, java.util.concurrent.TimeoutException {
        Objects.requireNonNull(tasks, "tasks");
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("tasks must not be empty");
        }
        List<java.util.concurrent.CompletableFuture<T>> cfs = new ArrayList<>();
        List<Future<T>> futures = new ArrayList<>();
        for (Callable<T> t : tasks) {
            Future<T> f = submit(t);
            futures.add(f);
            cfs.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return f.get();
                } catch (Exception e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            }, Thread::startVirtualThread));
        }
        java.util.concurrent.CompletableFuture<T> first = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.atomic.AtomicInteger failures = new java.util.concurrent.atomic.AtomicInteger();
        for (var cf : cfs) {
            cf.whenComplete((v, e) -> {
                if (e == null) {
                    first.complete(v);
                } else if (failures.incrementAndGet() == cfs.size()) {
                    first.completeExceptionally(e.getCause() != null ? e.getCause() : e);
                }
            });
        }
        try {
            return unit.toNanos(timeout) == Long.MAX_VALUE ? first.get() : first.get(timeout, unit);
        } finally {
            futures.forEach(f -> f.cancel(true));
        }
    }

    /**
     * Lazy, ordered map over the workers: Python's {@code Executor.map}. Input is read only as
     * results are consumed.
     */
    public <T, R> ResultIterator<R> map(SerializableFunction<? super T, ? extends R> function, Iterable<? extends T> items) {
        return pool.map(function, items, 0);
    }

    /** As {@link #map(SerializableFunction, Iterable)}, items sent {@code chunksize} at a time. */
    public <T, R> ResultIterator<R> map(SerializableFunction<? super T, ? extends R> function, Iterable<? extends T> items,
                                        int chunksize) {
        if (chunksize < 1) {
            throw new IllegalArgumentException("chunksize must be >= 1, got " + chunksize);
        }
        return pool.map(function, items, chunksize);
    }

    /** @return the pool underneath, for its insights */
    public PoolInsights insights() {
        return pool.insights();
    }

    @Override
    public void shutdown() {
        pool.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
        pool.terminate();
        return List.of();
    }

    @Override
    public boolean isShutdown() {
        return pool.isClosed();
    }

    @Override
    public boolean isTerminated() {
        return pool.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return pool.awaitTermination(timeout, unit);
    }

    /** Waits at most {@code timeout} for termination after {@link #shutdown()}. */
    public boolean awaitTermination(Duration timeout) throws InterruptedException {
        return awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Shuts down and waits for submitted tasks: {@code shutdown(wait=True)}. */
    @Override
    public void close() {
        pool.close();
    }
}
