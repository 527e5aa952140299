package io.multiprocessing4j.spi;

import java.io.Serializable;

/**
 * What a {@link io.multiprocessing4j.shared.SharedInt}, {@link io.multiprocessing4j.shared.SharedLong}
 * or {@link io.multiprocessing4j.shared.SharedDouble} delegates to when a context of another module
 * provides it ({@code SharedLong.backedBy(backend, lock)}). Not for applications.
 *
 * <p>Contract: one atomic 64-bit word shared by every process the backend reaches (an int uses its
 * low 32 bits, a double its {@link Double#doubleToRawLongBits bits}); every method is atomic.
 * Serializable: deserialized elsewhere it refers to the same word. Thread-safe.
 */
public interface ValueBackend extends Serializable {

    /** @return the value's name, the same in every process */
    String name();

    /** @return the current word */
    long get();

    /** Sets the word. */
    void set(long value);

    /** @return the word before setting it to {@code value} */
    long getAndSet(long value);

    /** @return the word before adding {@code delta} */
    long getAndAdd(long delta);

    /** @return whether the word was {@code expected} and is now {@code update} */
    boolean compareAndSet(long expected, long update);

    /** Ends this process's use of the value (others keep it). */
    void close();
}
