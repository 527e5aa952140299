package io.multiprocessing4j.manager;

import io.multiprocessing4j.function.SerializableFunction;

/**
 * One value held by a manager: Python's {@code Manager().Value(typecode, value)}, with an atomic
 * update Python lacks.
 *
 * @param <T> the value's type
 */
public interface ValueProxy<T> {

    /** @return the current value */
    T get();

    /** Replaces the value. */
    void set(T value);

    /**
     * Applies {@code update} on the manager, atomically with respect to every other call on this value.
     *
     * @param update runs in the manager's process; must be serializable (classes the manager lacks are shipped)
     * @return the new value
     */
    T updateAndGet(SerializableFunction<T, T> update);
}
