package io.multiprocessing4j.spi;

import java.io.Serializable;

/**
 * What a {@link io.multiprocessing4j.sync.ProcessEvent} delegates to when a context of another
 * module provides it ({@code ProcessEvent.backedBy(backend)}). Not for applications.
 *
 * <p>Contract: a flag shared by every process the backend reaches; {@link #await(long)} returns
 * once the flag is set, or at the {@link System#nanoTime()} deadline ({@link Long#MAX_VALUE}: none).
 * Serializable: deserialized elsewhere it refers to the same flag. Thread-safe.
 */
public interface EventBackend extends Serializable {

    /** @return the event's name, the same in every process */
    String name();

    /** @return whether the flag is set */
    boolean isSet();

    /** Sets the flag and wakes every waiter. */
    void set();

    /** Resets the flag. */
    void clear();

    /** @return whether the flag is set, after waiting at most until the deadline */
    boolean await(long deadline) throws InterruptedException;

    /** Ends this process's use of the event (others keep it). */
    void close();
}
