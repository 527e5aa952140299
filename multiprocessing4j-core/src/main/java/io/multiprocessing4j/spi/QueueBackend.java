package io.multiprocessing4j.spi;

import java.io.Serializable;

/**
 * What a {@link io.multiprocessing4j.queue.ProcessQueue} (and its joinable and simple kinds)
 * delegates to when a context of another module provides it ({@code ProcessQueue.backedBy(backend)}).
 * Not for applications.
 *
 * <p>Contract: a first-in first-out queue of serialized items (the queue class serializes and
 * deserializes them) shared by every process the backend reaches, with Python's
 * {@code JoinableQueue} task count. Deadlines are {@link System#nanoTime()} values,
 * {@link Long#MAX_VALUE} meaning no limit. {@link #close()} closes this handle only: a call
 * blocked in it, or made after it, throws {@link io.multiprocessing4j.queue.QueueClosedException}.
 * Serializable: deserialized elsewhere it refers to the same queue, open. Thread-safe.
 */
public interface QueueBackend extends Serializable {

    /** @return the queue's name, the same in every process */
    String name();

    /** @return the most items it holds, {@code 0} for no limit */
    long maxsize();

    /** @return whether the item was added before the deadline (a full bounded queue waits) */
    boolean put(byte[] item, long deadline) throws InterruptedException;

    /** @return the oldest item, removed, or null if none arrived before the deadline */
    byte[] take(long deadline) throws InterruptedException;

    /** @return the oldest item, not removed, or null if empty */
    byte[] peek();

    /** @return the number of items now */
    long size();

    /** One task taken earlier is done. @throws IllegalStateException saying "more times" if none is unfinished */
    void taskDone();

    /** @return whether every task put was marked done before the deadline */
    boolean join(long deadline) throws InterruptedException;

    /** @return tasks put and not yet marked done */
    long unfinished();

    /** Closes this handle (see the class comment). Idempotent. */
    void close();

    /** @return whether this handle is closed */
    boolean isClosed();
}
