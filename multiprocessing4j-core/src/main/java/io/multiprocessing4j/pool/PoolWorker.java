package io.multiprocessing4j.pool;

import io.multiprocessing4j.spi.LocalBackends;
import io.multiprocessing4j.spi.PoolWorkerSlot;

/**
 * What a task can learn about the pool worker running it: its id and its state (mpire's
 * {@code worker_id} and {@code use_worker_state}).
 *
 * <p><b>Id.</b> Every worker of a pool has an id in {@code 0..workers-1}, unique among the pool's
 * live workers: a replacement (after a crash, a timeout, {@code maxTasksPerChild}) takes the id of
 * the worker it replaces, once that one has exited. Use it to pick a per-worker resource: a GPU,
 * a port, a shard.
 *
 * <p><b>State.</b> With {@link Pool.Builder#workerState}, each worker builds its own state once,
 * after the initializer and before its first task, and keeps it for its whole life: a loaded model,
 * a database connection, a cache. {@link Pool#mapWithState} passes it to each call; {@link #state()}
 * reads it from any task.
 *
 * <p>Both are readable in the pool's initializer and tasks, in the {@code spawn} context (a worker
 * JVM) and in the {@code thread} context (a worker thread, and threads it starts), and nowhere else.
 */
public final class PoolWorker {
    private PoolWorker() {
    }

    /** @return whether the calling code runs in a pool worker (a task or the initializer) */
    public static boolean isPoolWorker() {
        return LocalBackends.get().currentPoolWorker() != null;
    }

    /**
     * @return the id of the pool worker running the calling task, in {@code 0..workers-1}
     * @throws IllegalStateException outside a pool worker
     */
    public static int id() {
        return slot("id()").id();
    }

    /**
     * @param <S> the state type, as the {@code workerState} supplier returns it
     * @return this worker's state
     * @throws IllegalStateException outside a pool worker, or when the pool has no {@code workerState}
     */
    @SuppressWarnings("unchecked")
    public static <S> S state() {
        PoolWorkerSlot s = slot("state()");
        if (!s.hasState()) {
            throw new IllegalStateException("this pool has no worker state: build it with "
                    + "Pool.builder().workerState(() -> new MyState()) to use PoolWorker.state() or mapWithState");
        }
        return (S) s.state();
    }

    private static PoolWorkerSlot slot(String method) {
        PoolWorkerSlot s = LocalBackends.get().currentPoolWorker();
        if (s == null) {
            throw new IllegalStateException("PoolWorker." + method + " is only known inside a pool worker "
                    + "(a task or the initializer of a Pool or ProcessPoolExecutor)");
        }
        return s;
    }
}
