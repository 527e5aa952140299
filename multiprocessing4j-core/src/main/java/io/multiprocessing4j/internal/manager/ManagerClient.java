package io.multiprocessing4j.internal.manager;

import io.multiprocessing4j.connection.Address;
import io.multiprocessing4j.function.SerializableFunction;
import io.multiprocessing4j.function.SerializableSupplier;
import io.multiprocessing4j.internal.wire.Frame;
import io.multiprocessing4j.manager.BarrierProxy;
import io.multiprocessing4j.manager.ConditionProxy;
import io.multiprocessing4j.manager.EventProxy;
import io.multiprocessing4j.manager.JoinableQueueProxy;
import io.multiprocessing4j.manager.Manager;
import io.multiprocessing4j.manager.Namespace;
import io.multiprocessing4j.manager.SemaphoreProxy;
import io.multiprocessing4j.manager.ValueProxy;
import io.multiprocessing4j.process.ChildProcess;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.Lock;

/**
 * The {@link Manager} a program holds: a client session, plus the server it started when it owns one
 * (a worker JVM, or a server in this JVM for the thread context and {@code listen}).
 */
public final class ManagerClient implements Manager {
    private static final Duration SERVER_EXIT_GRACE = Duration.ofSeconds(10);

    private final ClientSession session;
    private final byte[] authkey;
    private final ManagerServer localServer;
    private final ChildProcess serverProcess;
    private final Runnable cleanup;
    private volatile boolean closed;

    ManagerClient(ClientSession session, byte[] authkey, ManagerServer localServer, ChildProcess serverProcess, Runnable cleanup) {
        this.session = session;
        this.authkey = authkey.clone();
        this.localServer = localServer;
        this.serverProcess = serverProcess;
        this.cleanup = cleanup;
    }

    @Override
    public Address address() {
        return session.address;
    }

    @Override
    public Optional<ChildProcess> serverProcess() {
        return Optional.ofNullable(serverProcess);
    }

    private <T> T create(String typeName, Class<T> iface, List<Object> args) {
        checkOpen();
        byte[] head = Protocol.fields(out -> out.writeUTF(typeName));
        byte[] body = session.shipped(args, false);
        byte[] payload = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, payload, head.length, body.length);
        Frame reply = session.request(new Frame(Protocol.CREATE, payload), false, "creating a managed " + typeName);
        return proxy(reply, iface, typeName);
    }

    private <T> T proxy(Frame reply, Class<T> iface, String typeName) {
        try {
            DataInputStream in = ClientSession.fields(reply);
            long id = in.readLong();
            String type = in.readUTF();
            String ifaceName = in.readUTF();
            boolean affine = in.readBoolean();
            if (!ifaceName.equals(iface.getName())) {
                Class<?> registered;
                try {
                    registered = Class.forName(ifaceName, false, iface.getClassLoader() != null
                            ? iface.getClassLoader() : ClientSession.loader());
                } catch (ClassNotFoundException e) {
                    registered = null;
                }
                if (registered == null || !iface.isAssignableFrom(registered)) {
                    session.decref(id); // nobody will hold a proxy to it
                    throw new IllegalArgumentException("'" + typeName + "' is registered with interface " + ifaceName
                            + ", which is not " + iface.getName() + "; ask for " + ifaceName);
                }
            }
            ProxyHandler h = new ProxyHandler(session, authkey, id, type, affine);
            ClassLoader cl = iface.getClassLoader() != null ? iface.getClassLoader() : ManagerClient.class.getClassLoader();
            return iface.cast(Proxy.newProxyInstance(cl, new Class<?>[] {iface}, h));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> Map<K, V> dict() {
        return create("dict", Map.class, List.of());
    }

    @Override
    @SuppressWarnings("unchecked")
    public <K, V> Map<K, V> dict(Map<? extends K, ? extends V> initial) {
        return create("dict", Map.class, listOf(new LinkedHashMap<>(initial)));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <E> List<E> list() {
        return create("list", List.class, List.of());
    }

    @Override
    @SuppressWarnings("unchecked")
    public <E> List<E> list(Collection<? extends E> initial) {
        return create("list", List.class, listOf(new ArrayList<>(initial)));
    }

    @Override
    public Namespace namespace() {
        return create("namespace", Namespace.class, List.of());
    }

    @Override
    @SuppressWarnings("unchecked")
    public <T> ValueProxy<T> value(T initial) {
        return create("value", ValueProxy.class, listOf(initial));
    }

    @Override
    public <E> BlockingQueue<E> queue() {
        return queue(0);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <E> BlockingQueue<E> queue(int maxsize) {
        if (maxsize < 0) {
            throw new IllegalArgumentException("maxsize must be >= 0 (0 = unbounded), got " + maxsize);
        }
        return create("queue", BlockingQueue.class, List.of(maxsize));
    }

    @Override
    public Lock lock() {
        return create("lock", Lock.class, List.of());
    }

    @Override
    public Lock rlock() {
        return create("rlock", Lock.class, List.of());
    }

    @Override
    public SemaphoreProxy semaphore(int permits) {
        if (permits < 0) {
            throw new IllegalArgumentException("permits must be >= 0, got " + permits);
        }
        return create("semaphore", SemaphoreProxy.class, List.of(permits));
    }

    @Override
    public SemaphoreProxy boundedSemaphore(int permits) {
        if (permits < 0) {
            throw new IllegalArgumentException("permits must be >= 0, got " + permits);
        }
        return create("boundedsemaphore", SemaphoreProxy.class, List.of(permits));
    }

    @Override
    public EventProxy event() {
        return create("event", EventProxy.class, List.of());
    }

    @Override
    public <E> JoinableQueueProxy<E> joinableQueue() {
        return joinableQueue(0);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <E> JoinableQueueProxy<E> joinableQueue(int maxsize) {
        if (maxsize < 0) {
            throw new IllegalArgumentException("maxsize must be >= 0 (0 = unbounded), got " + maxsize);
        }
        return create("joinablequeue", JoinableQueueProxy.class, List.of(maxsize));
    }

    @Override
    public ConditionProxy condition() {
        return create("condition", ConditionProxy.class, List.of());
    }

    @Override
    public ConditionProxy condition(Lock lock) {
        return create("condition", ConditionProxy.class, List.of(new TypeSpec.Ref(lockOfThisManager(lock))));
    }

    /** The object id behind {@code lock}, which must be a lock or rlock proxy of this manager. */
    private long lockOfThisManager(Lock lock) {
        String fix = "; pass a lock() or rlock() of this manager (a condition waits on the manager, so its lock must"
                + " live there too), or call condition() for a new reentrant lock";
        if (lock == null) {
            throw new IllegalArgumentException("lock must not be null" + fix);
        }
        if (!Proxy.isProxyClass(lock.getClass()) || !(Proxy.getInvocationHandler(lock) instanceof ProxyHandler h)) {
            throw new IllegalArgumentException("lock is a local " + lock.getClass().getName()
                    + ", which other processes cannot use" + fix);
        }
        if (!h.serverId().equals(session.serverId)) {
            throw new IllegalArgumentException("lock belongs to another manager (at " + h.address() + ")" + fix);
        }
        if (!h.typeName.equals("lock") && !h.typeName.equals("rlock")) {
            throw new IllegalArgumentException("lock is a managed " + h.typeName + ", not a lock() or rlock()" + fix);
        }
        return h.id;
    }

    @Override
    public BarrierProxy barrier(int parties) {
        if (parties < 1) {
            throw new IllegalArgumentException("parties must be >= 1 (how many callers of await() each round needs), got "
                    + parties);
        }
        return create("barrier", BarrierProxy.class, List.of(parties));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <E> List<E> array(Collection<? extends E> initial) {
        Objects.requireNonNull(initial, "initial must not be null: pass the elements, or use array(length, fill)");
        return create("array", List.class, listOf(new ArrayList<>(initial)));
    }

    @Override
    @SuppressWarnings("unchecked")
    public <E> List<E> array(int length, E fill) {
        if (length < 0) {
            throw new IllegalArgumentException("length must be >= 0, got " + length);
        }
        List<Object> args = new ArrayList<>(2);
        args.add(length);
        args.add(fill);
        return create("array", List.class, args);
    }

    @Override
    public <I> void register(String typeName, SerializableSupplier<? extends I> factory, Class<I> iface) {
        Objects.requireNonNull(typeName, "typeName must not be null");
        Objects.requireNonNull(factory, "factory must not be null: pass a SerializableSupplier that makes the object");
        Objects.requireNonNull(iface, "iface must not be null: pass the interface the proxies implement");
        if (!iface.isInterface()) {
            throw new IllegalArgumentException(iface.getName() + " is not an interface: proxies implement interfaces,"
                    + " so register the object under an interface it implements");
        }
        checkOpen();
        if (localServer != null) {
            // the server runs in this JVM: keep the supplier as it is, so what it returns is the very
            // object the caller captured (Python's register(typeid, callable) with an in-process server)
            localServer.register(typeName, factory, iface);
            return;
        }
        sendRegistration(typeName, iface, factory);
    }

    /** Sends REGISTER with {@code body}: the factory, or a {@code Registration} carrying exposed names. */
    private void sendRegistration(String typeName, Class<?> iface, Object body0) {
        byte[] head = Protocol.fields(out -> {
            out.writeUTF(typeName);
            out.writeUTF(iface.getName());
        });
        byte[] body = session.shipped(body0, false);
        byte[] payload = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, payload, head.length, body.length);
        session.request(new Frame(Protocol.REGISTER, payload), false, "registering " + typeName);
    }

    @Override
    public <I> void register(String typeName, SerializableSupplier<? extends I> factory, Class<I> iface,
                             java.util.Set<String> exposed) {
        Objects.requireNonNull(exposed, "exposed must not be null: use register(typeName, factory, iface) to expose every method");
        Objects.requireNonNull(iface, "iface must not be null: pass the interface the proxies implement");
        java.util.Set<String> names = new java.util.TreeSet<>();
        for (java.lang.reflect.Method m : iface.getMethods()) {
            names.add(m.getName());
        }
        for (String e : exposed) {
            if (!names.contains(e)) {
                throw new IllegalArgumentException("exposed method '" + e + "' is not a method of " + iface.getName()
                        + "; its methods are " + names);
            }
        }
        if (localServer != null) {
            Objects.requireNonNull(typeName, "typeName must not be null");
            Objects.requireNonNull(factory, "factory must not be null: pass a SerializableSupplier that makes the object");
            checkOpen();
            localServer.register(typeName, factory, iface, exposed);
            return;
        }
        Objects.requireNonNull(typeName, "typeName must not be null");
        Objects.requireNonNull(factory, "factory must not be null: pass a SerializableSupplier that makes the object");
        if (!iface.isInterface()) {
            throw new IllegalArgumentException(iface.getName() + " is not an interface: proxies implement interfaces,"
                    + " so register the object under an interface it implements");
        }
        checkOpen();
        sendRegistration(typeName, iface, new ManagerServer.Registration(factory, List.copyOf(exposed)));
    }

    @Override
    public <I> I get(String typeName, Class<I> iface) {
        Objects.requireNonNull(typeName, "typeName must not be null");
        Objects.requireNonNull(iface, "iface must not be null");
        return create(typeName, iface, List.of());
    }

    @Override
    public int objectCount() {
        checkOpen();
        return (Integer) ClientSession.value(session.request(new Frame(Protocol.COUNT, Frame.EMPTY), false, "objectCount"));
    }

    public static <T, R> R apply(T proxy, SerializableFunction<? super T, ? extends R> function) {
        Objects.requireNonNull(function, "function must not be null");
        @SuppressWarnings("unchecked")
        R r = (R) handler(proxy).apply(function);
        return r;
    }

    static ProxyHandler handler(Object proxy) {
        if (proxy != null && Proxy.isProxyClass(proxy.getClass()) && Proxy.getInvocationHandler(proxy) instanceof ProxyHandler h) {
            return h;
        }
        throw new IllegalArgumentException("not a manager proxy: " + (proxy == null ? "null" : proxy.getClass().getName())
                + "; pass an object returned by a Manager (dict(), list(), get(..) ...)");
    }

    private static List<Object> listOf(Object value) {
        List<Object> l = new ArrayList<>(1);
        l.add(value);
        return l;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("this manager is closed; proxies and factories no longer work");
        }
    }

    @Override
    public void shutdown() {
        if (closed) {
            return;
        }
        closed = true;
        boolean owner = localServer != null || serverProcess != null;
        if (owner && session.alive()) {
            try {
                session.request(new Frame(Protocol.SHUTDOWN, Frame.EMPTY), false, "shutdown");
            } catch (RuntimeException e) {
                // already gone: nothing left to stop
            }
        }
        session.close();
        if (localServer != null) {
            localServer.close();
        }
        if (serverProcess != null) {
            try {
                if (!serverProcess.join(SERVER_EXIT_GRACE)) {
                    serverProcess.kill();
                    serverProcess.join();
                }
            } catch (InterruptedException e) {
                serverProcess.kill();
                Thread.currentThread().interrupt();
            }
        }
        if (cleanup != null) {
            cleanup.run();
        }
    }

    @Override
    public void close() {
        shutdown();
    }

    @Override
    public String toString() {
        return "Manager[" + session.address + (serverProcess != null ? ", pid " + serverProcess.pid() : "")
                + (closed ? ", closed" : "") + "]";
    }
}
