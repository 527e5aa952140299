package io.multiprocessing4j.internal.pool;

import java.util.function.Consumer;

/** Starts workers for a pool: worker JVMs in the spawn context, threads in the thread context. */
interface WorkerBackend {
    /** @return whether items and functions are serialized (spawn) or passed by reference (thread) */
    boolean serializes();

    /**
     * Starts one worker in the background; it posts {@code WorkerReady} or {@code WorkerStartFailed},
     * then its results and its exit, to {@code events}. {@code workerId} ({@code 0..workers-1}) is what
     * {@code PoolWorker.id()} returns in it.
     */
    void start(String name, int workerId, Consumer<PoolEvent> events);

    /** @return the default name prefix of this backend's workers */
    String namePrefix();
}
