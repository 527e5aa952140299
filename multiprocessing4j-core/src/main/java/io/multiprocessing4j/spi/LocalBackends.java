package io.multiprocessing4j.spi;

/**
 * The core's own implementations behind the public classes of {@code sync}, {@code shared} and
 * {@code queue} (one machine's shared memory), of {@code connection}'s {@code Client} and
 * {@code Listener} (authenticated sockets), of {@code Manager}'s static methods and of
 * {@code Pool.builder().build()}, {@code ProcessPoolExecutor} and {@code PoolWorker}, and their static factories such as
 * {@code ProcessLock.create()}, {@code SharedInt.create(v)}, {@code ProcessQueue.create(n)},
 * {@code Listener.bind(..)} and {@code Manager.listen(..)}: the core's own provider, found once per process through
 * {@link java.util.ServiceLoader}, the first time such an object is created. Not for applications, and not meant to
 * be implemented elsewhere: only the provider of the module (or class loader) that defines this
 * interface is used, whatever else the service path offers.
 *
 * <p>Contract: the shared-memory methods return a new object in fresh shared memory, serializable:
 * deserialized in another process of the same machine it re-attaches to the same memory by name
 * (deserializing needs no lookup). Thread-safe.
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

    /**
     * @param size the bytes the caller needs, {@code > 0}
     * @return a new zero-filled block of the handle kind: one mapping per process, shared by every
     *     handle to it there, released for all of them at once
     * @throws java.io.UncheckedIOException if the block cannot be created
     */
    SharedSegment segment(long size);

    /**
     * @param name a name from {@link SharedSegment#name()} of a handle-kind block
     * @return this process's mapping of it (the existing one if it has one)
     * @throws java.io.UncheckedIOException if there is no such block
     */
    SharedSegment attachSegment(String name);

    /**
     * @param name the block's name (a plain file name), or {@code null} for a fresh one
     * @param size its size in bytes
     * @return a new zero-filled block of the view kind: this object is its own mapping, closed on its own
     * @throws java.io.IOException if the name is taken or invalid, or there is not enough shared memory
     * @throws IllegalArgumentException if {@code size} is not positive or exceeds the free shared memory
     */
    SharedSegment createView(String name, long size) throws java.io.IOException;

    /**
     * @param name the name of a block made by this library
     * @return a new view of it
     * @throws java.io.IOException if there is no such block
     * @throws IllegalArgumentException if the name is not a block made by this library
     */
    SharedSegment attachView(String name) throws java.io.IOException;

    /**
     * Removes a block's name: no process can attach it any more; views stay valid until closed.
     *
     * @param name the block's name; nothing happens if it is gone
     */
    void unlink(String name);

    /**
     * @param maxsize the most items it holds, {@code 0} for no limit
     * @param ringBytes bytes of shared memory for items held inline, a power of two of at least 4096
     * @param maxItemBytes the largest serialized item it accepts
     * @return a new queue in shared memory, with the library's serializer
     */
    ItemQueueBackend queue(long maxsize, long ringBytes, long maxItemBytes);

    /** @return the ring size of a queue made without one (8 MiB unless {@code mp4j.queue.ringBytes} says otherwise) */
    long defaultQueueRingBytes();

    /** @return the largest item of a queue made without a limit ({@code mp4j.queue.maxItemBytes}, else about 2 GiB) */
    long defaultQueueMaxItemBytes();

    /**
     * @param bytes the queue of serialized items of another module's context
     * @return a queue that serializes items into {@code bytes} with the library's serializer
     */
    ItemQueueBackend serializing(QueueBackend bytes);

    /**
     * Connects to a listener and proves the key both ways ({@code Client.connect}).
     *
     * @param tls what to trust for a TLS connection, {@code null} for a plain one
     * @return the authenticated connection
     * @throws io.multiprocessing4j.connection.AuthenticationException if either side's proof failed
     * @throws java.io.IOException if nothing listens there, the connection broke or the TLS handshake failed
     */
    io.multiprocessing4j.connection.Connection connect(io.multiprocessing4j.connection.Address address, byte[] authkey,
            io.multiprocessing4j.connection.TlsConfig tls) throws java.io.IOException;

    /**
     * Binds a listening socket ({@code Listener.bind}).
     *
     * @param tls the listener's key material for TLS clients, {@code null} for plain ones
     * @return the listener
     * @throws IllegalArgumentException if the key is empty, or TLS is asked for a Unix-domain socket
     * @throws java.io.IOException if the address cannot be bound
     */
    ListenerBackend listen(io.multiprocessing4j.connection.Address address, byte[] authkey,
            io.multiprocessing4j.connection.TlsConfig tls) throws java.io.IOException;

    /**
     * Starts a manager server in this JVM and returns a client of it ({@code Manager.listen}).
     *
     * @param tls the server's key material for TLS clients, {@code null} for plain ones
     * @throws java.io.IOException if the address cannot be bound
     */
    io.multiprocessing4j.manager.Manager listenManager(io.multiprocessing4j.connection.Address address, byte[] authkey,
            io.multiprocessing4j.connection.TlsConfig tls) throws java.io.IOException;

    /**
     * Connects to a running manager ({@code Manager.connect}).
     *
     * @param tls what to trust for a TLS connection, {@code null} for a plain one
     * @throws java.io.IOException if nothing listens there or the TLS handshake fails
     */
    io.multiprocessing4j.manager.Manager connectManager(io.multiprocessing4j.connection.Address address, byte[] authkey,
            io.multiprocessing4j.connection.TlsConfig tls) throws java.io.IOException;

    /**
     * Runs {@code function} against the object behind a manager proxy, on the manager, holding the
     * object's lock ({@code Manager.apply}).
     *
     * @throws IllegalArgumentException if {@code proxy} is not a manager proxy
     */
    <T, R> R applyOnManager(T proxy, io.multiprocessing4j.function.SerializableFunction<? super T, ? extends R> function);

    /**
     * Starts a pool ({@code Pool.Builder.build()}); its workers start in the background.
     *
     * @param options the builder's settings, defaults resolved
     * @return the pool
     */
    io.multiprocessing4j.pool.Pool pool(io.multiprocessing4j.pool.PoolOptions options);

    /**
     * Starts the dashboard of {@code pool} on {@code port}, through the dashboard module's
     * {@link DashboardProvider}.
     *
     * @throws IllegalStateException if the dashboard module is not present
     */
    void startDashboard(io.multiprocessing4j.pool.Pool pool, int port);

    /** @return the pool worker the calling thread runs in (a task or an initializer), or null outside one */
    PoolWorkerSlot currentPoolWorker();

    /**
     * Starts the pool under a {@code ProcessPoolExecutor}.
     *
     * @param options the builder's settings, defaults resolved
     * @return the executor's backend
     */
    ExecutorBackend executor(io.multiprocessing4j.pool.PoolOptions options);
}
