package io.multiprocessing4j.spi;

import java.io.Serializable;

/**
 * What a {@link io.multiprocessing4j.queue.ProcessQueue} (and its joinable and simple kinds)
 * delegates to: a queue of items that serializes them on the way in and deserializes them on the
 * way out. Made by {@link LocalBackends}: in one machine's shared memory
 * ({@link LocalBackends#queue(long, long, long)}), or over the {@link QueueBackend} of another
 * module's context ({@link LocalBackends#serializing(QueueBackend)}). Not for applications.
 *
 * <p>Contract: as {@link QueueBackend}, with items instead of their bytes. The queue class checks
 * for null items and for a closed handle before it calls; a call blocked in the backend when this
 * process closes the handle throws {@link io.multiprocessing4j.queue.QueueClosedException}. A
 * {@code byte[]} item comes back as an equal {@code byte[]}. Deadlines are {@link System#nanoTime()}
 * values, {@link Long#MAX_VALUE} meaning no limit. Serializable: deserialized elsewhere it refers to
 * the same queue, open. Thread-safe.
 */
public interface ItemQueueBackend extends Serializable {

    /** @return the queue's name, the same in every process */
    String name();

    /** @return the most items it holds, {@code 0} for no limit */
    long maxsize();

    /**
     * @return whether the item was added before the deadline (a full bounded queue waits)
     * @throws SerializationException if the item cannot be serialized
     * @throws IllegalArgumentException if its serialized form exceeds the queue's maximum item size
     */
    boolean put(Object item, long deadline) throws InterruptedException;

    /**
     * @param loader the class loader that resolves the item's classes
     * @return the oldest item, removed, or null if none arrived before the deadline
     */
    Object take(long deadline, ClassLoader loader) throws InterruptedException;

    /**
     * @param loader the class loader that resolves the item's classes
     * @return the oldest item, not removed, or null if empty
     */
    Object peek(ClassLoader loader) throws InterruptedException;

    /** @return the number of items now */
    long size();

    /** One task taken earlier is done. @throws IllegalStateException saying "more times" if none is unfinished */
    void taskDone();

    /** @return whether every task put was marked done before the deadline */
    boolean join(long deadline) throws InterruptedException;

    /** @return tasks put and not yet marked done */
    long unfinished();

    /** Closes this handle (see {@link QueueBackend#close()}). Idempotent; never throws. */
    void close();

    /** @return whether this handle is closed */
    boolean isClosed();
}
