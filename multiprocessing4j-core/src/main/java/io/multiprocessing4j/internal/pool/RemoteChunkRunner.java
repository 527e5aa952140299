package io.multiprocessing4j.internal.pool;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The extension point through which a context in another module (the cluster context) runs a
 * pool's chunks on machinery of its own, while this module's pool engine keeps everything else:
 * chunking, ordering, lazy input, retries, callbacks and insights. A context that implements this
 * interface gets pools from {@code Pool.builder().context(ctx)} like the built-in ones.
 *
 * <p>Everything crosses as bytes in this module's formats, so the runner needs no knowledge of
 * the engine: items as {@code [int length][bytes]} each ({@code DefaultSerializer}), and results
 * as {@code [int n]([byte ok][long nanos][int length][bytes])*}, where {@code ok == 1} carries a
 * serialized value and {@code ok == 0} an exception as {@code RemoteErrors.encode} writes it; or,
 * when the pool's initializer failed there, {@code [int -1][bytes]} with the initializer's exception.
 */
public interface RemoteChunkRunner {

    /** @return the default name prefix of this runner's pool workers */
    String poolWorkerPrefix();

    /**
     * Opens one pool worker slot; blocks until it can run chunks.
     *
     * @param name the worker's name
     * @param settings what every chunk of this pool shares
     * @return the slot
     * @throws RuntimeException when nothing can run chunks; the message says why
     */
    Slot openSlot(String name, PoolSettings settings);

    /**
     * What every chunk of one pool shares.
     *
     * @param poolId unique per pool in this process: the remote side runs the initializer once per pool
     * @param parentName the name of the process that owns the pool, for {@code parentProcess()} in tasks
     * @param parentPid its pid
     * @param initializer a serialized {@code SerializableRunnable} or {@code SerializableConsumer}, or null
     * @param initArgument the serialized argument of a consumer initializer, or null
     * @param taskTimeout the per-item deadline, or null; the remote side enforces it
     * @param timeoutGrace how long an interrupted overdue item may take to stop
     */
    record PoolSettings(long poolId, String parentName, long parentPid, byte[] initializer, byte[] initArgument, Duration taskTimeout, Duration timeoutGrace) {
    }

    /** One pool worker as the runner sees it: a window of chunks in flight on remote machinery. */
    interface Slot {
        /** @return a number that identifies the slot in reports */
        long pid();

        /**
         * Runs one chunk remotely.
         *
         * @param chunkId the chunk's id, for reports
         * @param kind the task kind ({@code TaskKind})
         * @param function the serialized function, or null for callables and runnables
         * @param items the chunk's items, each {@code [int length][bytes]}
         * @param count how many items
         * @param userObject the function, or the first item for callables and runnables: the
         *     object whose class (and class loader) the remote side needs, for peer class loading
         * @return the encoded results; completes exceptionally only when the machinery failed (the
         *     chunk is then re-sent elsewhere), never for an exception thrown by a task
         */
        CompletableFuture<byte[]> run(long chunkId, byte kind, byte[] function, byte[] items, int count, Object userObject);

        /** Cancels every chunk still in flight. */
        void cancel();
    }
}
