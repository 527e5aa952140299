package io.multiprocessing4j.spi;

/**
 * The implementations of one machine's shared memory behind the public classes of
 * {@code sync} (and their static factories such as {@code ProcessLock.create()}): the core's own
 * provider, found once per process through {@link java.util.ServiceLoader}, the first time a
 * lock, event, semaphore, barrier or condition is created. Not for applications, and not meant to
 * be implemented elsewhere: only the provider of the module (or class loader) that defines this
 * interface is used, whatever else the service path offers.
 *
 * <p>Contract: every method returns a new object in fresh shared memory, serializable: deserialized
 * in another process of the same machine it re-attaches to the same memory by name (deserializing
 * needs no lookup). Thread-safe.
 */
public interface LocalBackends {

    /**
     * @return the core's provider, looked up on the first call (later calls cost a field read)
     * @throws IllegalStateException if the core's own provider is missing (a repackaged jar that
     *     dropped {@code META-INF/services})
     */
    static LocalBackends get() {
        return LocalBackendsLookup.PROVIDER;
    }

    /**
     * @param reentrant whether the lock is a {@code ProcessRLock} (its messages name the kind)
     * @return a new, unlocked lock, re-entrant as {@link LockBackend} requires
     */
    LockBackend lock(boolean reentrant);

    /** @return a new event, not set */
    EventBackend event();

    /**
     * @param permits the initial permits, {@code >= 0}
     * @param bounded whether a release beyond {@code permits} is refused
     * @return a new semaphore
     */
    SemaphoreBackend semaphore(int permits, boolean bounded);

    /**
     * @param parties the number of parties, {@code >= 1}
     * @return a new barrier, in which this process is recorded as a user
     */
    BarrierBackend barrier(int parties);

    /**
     * @param lock the lock the condition waits under
     * @return a new condition over {@code lock}, or {@code null} if {@code lock} is not one of this
     *     provider's (a lock of another context has no shared memory to wait in)
     */
    ConditionBackend condition(LockBackend lock);
}
