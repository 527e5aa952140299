package io.multiprocessing4j.internal.pool;

import io.multiprocessing4j.function.SerializableCallable;
import io.multiprocessing4j.function.SerializableRunnable;
import io.multiprocessing4j.pool.ResultIterator;

import java.io.Serializable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * What {@code ProcessPoolExecutor} needs from the pool implementation, and how it composes with
 * the JDK's own executor clients.
 *
 * <p>Implementation notes. The JDK hands an executor its own wrapper objects: {@code FutureTask}
 * ({@code AbstractExecutorService.submit}), {@code ExecutorCompletionService$QueueingFuture},
 * {@code CompletableFuture$AsyncSupply} and friends. None is serializable, and each one completes
 * a future in the caller's JVM when it runs, so sending one to a worker would be wrong even if it
 * could travel. In a context that serializes, {@code execute} therefore sorts them: a completion
 * service's wrapper runs on a virtual thread here, because the task inside it came from the
 * executor's own {@code newTaskFor} ({@link RemoteTask}), which sends the user's callable to a
 * worker and waits; a {@code CompletableFuture} wrapper is refused at once, since it holds the
 * user's supplier and would run it here; any other object is sent when it is serializable and
 * refused otherwise. In the thread context everything just runs on the pool's threads.
 */
public final class ExecutorSupport {
    private static final String QUEUEING_FUTURE = "java.util.concurrent.ExecutorCompletionService$QueueingFuture";
    private static final String COMPLETABLE_FUTURE_TASK = "java.util.concurrent.CompletableFuture$";

    private ExecutorSupport() {
    }

    public static <T> CompletableFuture<T> submit(PoolImpl pool, SerializableCallable<T> task) {
        AsyncResultImpl<T> r = pool.submitCallable(task);
        return new TaskFuture<>(pool, r);
    }

    /** @return whether tasks of this pool go to other JVMs, and so must be serializable */
    public static boolean serializes(PoolImpl pool) {
        return pool.serializes();
    }

    /**
     * Checks, in the caller's thread, that {@code task} can reach a worker.
     *
     * @throws IllegalArgumentException naming the task's class and what to call instead
     */
    public static void requireTransferable(PoolImpl pool, Object task, String call) {
        java.util.Objects.requireNonNull(task, "task must not be null");
        if (pool.serializes() && !(task instanceof Serializable)) {
            throw new IllegalArgumentException(call + " got a " + task.getClass().getName()
                    + ", which is not Serializable: in the spawn context a task runs in another JVM, so it must travel there."
                    + " Pass a lambda, which the executor's overloads make serializable: submit(() -> work()),"
                    + " runAsync(() -> work()) or supplyAsync(() -> compute()); or make the class implement Serializable.");
        }
    }

    public static void execute(PoolImpl pool, Runnable command) {
        java.util.Objects.requireNonNull(command, "command must not be null");
        if (!pool.serializes()) {
            pool.submitRunnable((SerializableRunnable) command::run);
            return;
        }
        String type = command.getClass().getName();
        if (command instanceof RemoteTask<?> || type.equals(QUEUEING_FUTURE)) {
            // runs here and waits; the user's task inside goes to a worker
            Thread.ofVirtual().name("mp4j-executor-task").start(command);
        } else if (type.startsWith(COMPLETABLE_FUTURE_TASK)) {
            throw new RejectedExecutionException("CompletableFuture.supplyAsync/runAsync/...Async(.., executor) hands this"
                    + " executor a " + type + ", which holds your function and would run it in this JVM, not in a worker"
                    + " (and cannot be sent to one). Call the executor's own supplyAsync(SerializableSupplier) or"
                    + " runAsync(SerializableRunnable), which run in a worker and return a CompletableFuture;"
                    + " then chain stages on that future without this executor.");
        } else {
            requireTransferable(pool, command, "execute(Runnable)");
            pool.submitRunnable((SerializableRunnable) command::run);
        }
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

    /**
     * The future of a submitted task, and a {@link java.util.concurrent.CompletionStage}: its
     * {@code cancel(true)} kills the worker running it. Dependent stages are plain
     * {@code CompletableFuture}s.
     */
    private static final class TaskFuture<T> extends CompletableFuture<T> {
        private final PoolImpl pool;
        private final AsyncResultImpl<T> result;

        TaskFuture(PoolImpl pool, AsyncResultImpl<T> result) {
            this.pool = pool;
            this.result = result;
            result.future().whenComplete((v, e) -> {
                if (e == null) {
                    complete(v);
                } else {
                    completeExceptionally(e);
                }
            });
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            if (cancelled && result.future().cancel(mayInterruptIfRunning)) {
                pool.cancel(result, mayInterruptIfRunning);
            }
            return cancelled;
        }

        @Override
        public <U> CompletableFuture<U> newIncompleteFuture() {
            return new CompletableFuture<>();
        }

        @Override
        public String toString() {
            return "TaskFuture[" + state() + "]";
        }
    }

    /**
     * What the executor's {@code newTaskFor} returns in a serializing context (so what an
     * {@code ExecutorCompletionService} wraps): run here, it sends the task to a worker and waits.
     */
    public static final class RemoteTask<T> extends FutureTask<T> {
        private final java.util.concurrent.atomic.AtomicReference<CompletableFuture<T>> remote;

        private RemoteTask(java.util.concurrent.atomic.AtomicReference<CompletableFuture<T>> remote,
                           PoolImpl pool, SerializableCallable<T> task) {
            super(() -> {
                CompletableFuture<T> f = submit(pool, task);
                remote.set(f);
                try {
                    return f.get();
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof Exception ex ? ex : e;
                } catch (InterruptedException e) {
                    f.cancel(true);
                    throw e;
                }
            });
            this.remote = remote;
        }

        public static <T> RemoteTask<T> of(PoolImpl pool, SerializableCallable<T> task) {
            return new RemoteTask<>(new java.util.concurrent.atomic.AtomicReference<>(), pool, task);
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            CompletableFuture<T> f = remote.get();
            if (cancelled && f != null) {
                f.cancel(mayInterruptIfRunning);
            }
            return cancelled;
        }
    }

    static CancellationException cancelled() {
        return new CancellationException("cancelled");
    }
}
