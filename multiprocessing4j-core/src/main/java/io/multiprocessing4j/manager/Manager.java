package io.multiprocessing4j.manager;

import io.multiprocessing4j.connection.Address;
import io.multiprocessing4j.connection.TlsConfig;
import io.multiprocessing4j.function.SerializableFunction;
import io.multiprocessing4j.function.SerializableSupplier;
import io.multiprocessing4j.process.ChildProcess;
import io.multiprocessing4j.spi.LocalBackends;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.Lock;

/**
 * A server that owns objects, and hands out proxies that other processes (or machines) use as if the
 * objects were local: Python's {@code multiprocessing.Manager()} / {@code BaseManager}.
 *
 * <pre>{@code
 * try (Manager m = ctx.manager()) {                 // a worker JVM (a thread in the thread context)
 *     Map<String, Integer> counts = m.dict();       // a java.util.Map proxy
 *     ctx.process(c -> c.merge("hits", 1, (BiFunction<Integer, Integer, Integer> & Serializable) Integer::sum),
 *                 counts).start().join();           // the proxy travels and reconnects
 * }
 * }</pre>
 *
 * <p><b>Proxies.</b> Every factory returns a {@link java.lang.reflect.Proxy} implementing the object's
 * interface; each call is one round trip to the manager. Arguments and results travel by value
 * (serialized), so a value read from a proxy is a copy: the nested-value pitfall of Python managers.
 * The answer is to update on the server: {@code Map.compute}, {@code merge}, {@code putIfAbsent},
 * {@code replaceAll} and the other {@code Map}/{@code List} default methods run <em>on the manager</em>,
 * atomically; {@link #apply} runs any serializable function against the object there. A function
 * that is not serializable (a plain {@code Integer::sum}) still works: the proxy then takes the
 * object's lock on the manager, reads, applies the function locally and writes back, so the update
 * stays atomic at the cost of a few round trips.
 *
 * <p>Proxies are serializable: passed to a child process, a pool task or stored in another managed
 * object, they reconnect to their manager. Objects are reference counted across all processes and
 * freed when the last proxy is garbage collected or its process dies.
 *
 * <p><b>Failure.</b> When the manager is shut down or its process dies, every proxy call (also one
 * blocked in {@code queue.take()}) fails promptly with {@link ManagerUnavailableException}. An
 * exception thrown by the object on the manager is rethrown as the same type with the remote stack
 * trace as its cause.
 *
 * <p><b>Thread-safety.</b> A manager and its proxies may be used from any number of threads; each
 * calling thread gets its own connection while it calls.
 */
public interface Manager extends AutoCloseable {

    /**
     * Starts a manager server in this JVM, listening on {@code address} (Python's
     * {@code BaseManager(address, authkey).get_server().serve_forever()}, but not blocking), and
     * returns a client of it. Closing the returned manager stops the server.
     *
     * @param address a TCP {@code HOST:PORT} (port 0 = any free port) or a Unix-domain socket path
     * @param authkey the secret clients must prove; at least one byte
     * @throws IOException if the address cannot be bound
     */
    static Manager listen(Address address, byte[] authkey) throws IOException {
        return LocalBackends.get().listenManager(address, authkey, null);
    }

    /**
     * {@link #listen(Address, byte[])} over TLS: every client must complete a TLS handshake with the
     * server's certificate before it proves the authkey, and everything after is encrypted. Use it
     * whenever clients connect over a network you do not control.
     *
     * @param address a TCP {@code HOST:PORT} (port 0 = any free port)
     * @param authkey the secret clients must prove; at least one byte
     * @param tls the server's key material, usually {@link TlsConfig#keyStore}
     * @throws IOException if the address cannot be bound
     * @throws IllegalArgumentException if {@code address} is a Unix-domain socket
     * @throws java.io.UncheckedIOException if the key store cannot be read (a wrong password, say)
     */
    static Manager listen(Address address, byte[] authkey, TlsConfig tls) throws IOException {
        java.util.Objects.requireNonNull(tls, "tls must not be null: pass TlsConfig.keyStore(path, password), or use listen(address, authkey)");
        return LocalBackends.get().listenManager(address, authkey, tls);
    }

    /**
     * Connects to a running manager (Python's {@code BaseManager(address, authkey).connect()}).
     * Closing the returned manager disconnects and releases this client's objects; the server keeps running.
     *
     * @throws io.multiprocessing4j.connection.AuthenticationException if the key is wrong
     * @throws IOException if nothing listens there
     */
    static Manager connect(Address address, byte[] authkey) throws IOException {
        return LocalBackends.get().connectManager(address, authkey, null);
    }

    /**
     * Connects to a manager started with {@link #listen(Address, byte[], TlsConfig)}. The server's
     * certificate must be trusted by {@code tls} and (unless turned off) name the host in
     * {@code address}. Proxies from this manager carry {@code tls} and use it when they reconnect
     * from another process.
     *
     * @param tls what to trust, usually {@link TlsConfig#trustStore}
     * @throws IOException if nothing listens there, or the TLS handshake fails (the message says why)
     * @throws io.multiprocessing4j.connection.AuthenticationException if the key is wrong
     */
    static Manager connect(Address address, byte[] authkey, TlsConfig tls) throws IOException {
        java.util.Objects.requireNonNull(tls, "tls must not be null: pass TlsConfig.trustStore(path, password), or use connect(address, authkey)");
        return LocalBackends.get().connectManager(address, authkey, tls);
    }

    /**
     * Runs {@code function} against the object behind {@code proxy}, on the manager, holding the
     * object's lock: a compound update no other call interleaves with.
     *
     * @param proxy a proxy from a manager
     * @param function runs in the manager's process: serializable; classes the manager's class path lacks (JShell
     *        snippets, generated classes) are shipped to it by value (docs/jshell.md)
     * @return the function's result, serialized back
     * @throws IllegalArgumentException if {@code proxy} is not a manager proxy
     */
    static <T, R> R apply(T proxy, SerializableFunction<? super T, ? extends R> function) {
        return LocalBackends.get().applyOnManager(proxy, function);
    }

    /** @return where clients connect */
    Address address();

    /** @return the process that runs the server, when this manager started one in a worker JVM */
    Optional<ChildProcess> serverProcess();

    /** A new, empty managed {@code dict}: a {@link Map} proxy with insertion order. */
    <K, V> Map<K, V> dict();

    /** A new managed {@code dict} holding a copy of {@code initial}. */
    <K, V> Map<K, V> dict(Map<? extends K, ? extends V> initial);

    /** A new, empty managed {@code list}. */
    <E> List<E> list();

    /** A new managed {@code list} holding a copy of {@code initial}. */
    <E> List<E> list(Collection<? extends E> initial);

    /** A new managed {@code Namespace}. */
    Namespace namespace();

    /** A new managed {@code Value} holding {@code initial}. */
    <T> ValueProxy<T> value(T initial);

    /** A new unbounded managed {@code Queue}. */
    <E> BlockingQueue<E> queue();

    /** A new managed {@code Queue(maxsize)}. */
    <E> BlockingQueue<E> queue(int maxsize);

    /** A new managed {@code Lock}: not reentrant, may be released by another thread or process (as in Python). */
    Lock lock();

    /** A new managed {@code RLock}: reentrant, owned by the calling thread. */
    Lock rlock();

    /** A new managed {@code Semaphore(permits)}. */
    SemaphoreProxy semaphore(int permits);

    /**
     * A new managed {@code BoundedSemaphore(permits)}: a {@code release()} that would take it above
     * {@code permits} fails with {@link IllegalStateException} (Python's {@code ValueError}).
     *
     * @throws IllegalArgumentException if {@code permits} is negative
     */
    SemaphoreProxy boundedSemaphore(int permits);

    /** A new managed {@code Event}. */
    EventProxy event();

    /**
     * A new unbounded managed {@code JoinableQueue} (Python's {@code manager.JoinableQueue()}): a
     * {@link BlockingQueue} that counts unfinished tasks, with {@code taskDone()} and {@code join()}.
     */
    <E> JoinableQueueProxy<E> joinableQueue();

    /**
     * A new managed {@code JoinableQueue(maxsize)}: inserts wait (or {@code offer} fails) while it holds
     * {@code maxsize} items.
     *
     * @param maxsize the capacity; {@code 0} means unbounded, as in Python
     * @throws IllegalArgumentException if {@code maxsize} is negative
     */
    <E> JoinableQueueProxy<E> joinableQueue(int maxsize);

    /**
     * A new managed {@code Condition} with a lock of its own, reentrant as Python's default
     * ({@code manager.Condition()}).
     */
    ConditionProxy condition();

    /**
     * A new managed {@code Condition} over {@code lock} (Python's {@code manager.Condition(lock)}):
     * holding {@code lock} is holding the condition's lock.
     *
     * @param lock a {@link #lock()} or {@link #rlock()} proxy of this manager
     * @throws IllegalArgumentException if {@code lock} is not a lock or rlock proxy of this manager
     *     (a local {@code ReentrantLock} cannot be waited on by other processes)
     */
    ConditionProxy condition(Lock lock);

    /**
     * A new managed {@code Barrier(parties)} (Python's {@code manager.Barrier(parties)}).
     *
     * @param parties how many callers of {@code await} each round needs; at least 1
     * @throws IllegalArgumentException if {@code parties < 1}
     */
    BarrierProxy barrier(int parties);

    /**
     * A new managed {@code Array} holding a copy of {@code initial} (Python's
     * {@code manager.Array(typecode, sequence)}; the element type takes the typecode's place): a
     * {@link List} proxy of fixed length. {@code get}, {@code set}, {@code size} and iteration (over a
     * copy) work; {@code add}, {@code remove} and {@code clear} throw {@link UnsupportedOperationException}:
     * use {@link #list()} for a list that grows.
     *
     * @param initial the elements, each serializable; may be empty
     */
    <E> List<E> array(Collection<? extends E> initial);

    /**
     * A new managed {@code Array} of {@code length} elements, each {@code fill} (Python's
     * {@code manager.Array('i', [0] * length)}).
     *
     * @param fill a serializable value, or {@code null}
     * @throws IllegalArgumentException if {@code length} is negative
     */
    <E> List<E> array(int length, E fill);

    /**
     * Registers a type on the manager (Python's {@code BaseManager.register(typeid, callable)}).
     * {@link #get} then calls {@code factory} on the manager and returns a proxy to what it returns;
     * a factory that returns the same object each time shares that object.
     *
     * <p><b>Where the factory runs.</b> On a manager served in this JVM ({@link #listen}, and the
     * {@code thread} context's {@code ctx.manager()}), this call keeps {@code factory} as it is, so
     * {@code register("counts", () -> counts, Map.class)} shares the very {@code counts} map of
     * the caller: a {@code put} through any proxy changes it. On a manager in another process (the
     * {@code spawn} context's {@code ctx.manager()}, or one reached with {@link #connect}), the
     * factory is serialized and runs there: a local object it captures is copied, and the copy is
     * what clients share.
     *
     * @param typeName the name clients use with {@link #get}
     * @param factory runs on the manager: serializable, its class on the manager's class path
     * @param iface the interface proxies implement; only its methods can be called
     * @throws IllegalArgumentException if {@code iface} is not an interface or the name is a built-in type
     */
    <I> void register(String typeName, SerializableSupplier<? extends I> factory, Class<I> iface);

    /**
     * As {@link #register(String, SerializableSupplier, Class)}, exposing only the methods of
     * {@code iface} named in {@code exposed}: Python's {@code register(typeid, callable, exposed=[...])}.
     * Proxies still implement the whole interface, but the manager refuses a call to any other
     * method with an {@link UnsupportedOperationException} naming the method and the exposed ones.
     * ({@code toString}, {@code equals} and {@code hashCode} are always callable.)
     *
     * @param exposed method names of {@code iface}; every overload of a name is exposed
     * @throws IllegalArgumentException if a name is not a method of {@code iface}, or as the other form
     * @throws NullPointerException if an argument is null
     */
    <I> void register(String typeName, SerializableSupplier<? extends I> factory, Class<I> iface,
                      java.util.Set<String> exposed);

    /**
     * Calls the factory registered as {@code typeName} and returns a proxy to its result.
     *
     * @throws IllegalArgumentException if no such type is registered, or it was registered with
     *     an interface that is not {@code iface} or a subtype of it
     */
    <I> I get(String typeName, Class<I> iface);

    /** @return how many objects the server holds now (Python's {@code _number_of_objects()}) */
    int objectCount();

    /**
     * Stops the server (when this manager started it) and disconnects. Proxies then fail with
     * {@link ManagerUnavailableException}. Idempotent.
     */
    void shutdown();

    /** Same as {@link #shutdown()} for a manager this process started; a connected client just disconnects. */
    @Override
    void close();
}
