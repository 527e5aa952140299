package io.multiprocessing4j.internal.pool;

import java.io.IOException;
import java.util.List;

/**
 * One pool worker as the manager thread sees it, whatever runs it (a worker JVM, or a thread).
 * Implementations post their results, exit and initializer failure as {@link PoolEvent}s.
 */
interface WorkerHandle {
    String name();

    long pid();

    /** @return how long the worker took to become ready, in nanoseconds */
    long startupNanos();

    /** Sends function definitions (not yet known to this worker) and chunks, in one write. */
    void send(List<FunctionRef> definitions, List<Chunk> chunks) throws IOException;

    /**
     * Tells a worker that keeps a table of defined functions to drop these (no chunk of theirs is in
     * the worker); a backend without such a table ignores it.
     */
    default void forget(List<Long> functionIds) throws IOException {
    }

    /** The chunk and item the worker is running now, and since when ({@code System.nanoTime}). */
    Status status();

    /** Interrupts the item if the worker is still running it. */
    void interrupt(long chunkId, int item);

    /** Asks the worker to finish its queued chunks and exit. */
    void shutdown();

    /** Stops the worker at once. Its exit is still reported. */
    void kill();

    /** @return resident memory in bytes, or -1 when unknown */
    long residentBytes();

    /** Releases what the handle holds; called once after the worker exited. */
    void release();

    /** @return the crash report for a worker that exited with {@code exitCode} */
    io.multiprocessing4j.process.WorkerCrashedException crashReport(int exitCode, String task);

    /**
     * @param chunkId the running chunk, or -1 when idle
     * @param item the item's index within the chunk
     * @param startNanos when the item began
     */
    record Status(long chunkId, int item, long startNanos) {
        static final Status IDLE = new Status(-1, -1, 0);
    }
}
