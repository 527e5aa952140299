package io.multiprocessing4j.manager;

import java.time.Duration;

/**
 * A flag that processes wait on, held by a manager: Python's {@code Manager().Event()}
 * ({@code wait} is {@code await} here: {@code Object.wait} is final).
 */
public interface EventProxy {

    /** Sets the flag and wakes every waiter. */
    void set();

    /** Clears the flag. */
    void clear();

    /** @return whether the flag is set */
    boolean isSet();

    /** Waits until the flag is set. */
    void await() throws InterruptedException;

    /**
     * Waits until the flag is set, at most {@code timeout}.
     *
     * @return whether the flag is set
     */
    boolean await(Duration timeout) throws InterruptedException;
}
