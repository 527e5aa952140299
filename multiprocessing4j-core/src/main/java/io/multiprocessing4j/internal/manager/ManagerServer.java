package io.multiprocessing4j.internal.manager;

import io.multiprocessing4j.connection.Address;
import io.multiprocessing4j.connection.TlsConfig;
import io.multiprocessing4j.function.SerializableFunction;
import io.multiprocessing4j.function.SerializableSupplier;
import io.multiprocessing4j.internal.net.Admission;
import io.multiprocessing4j.internal.net.Sockets;
import io.multiprocessing4j.internal.codeship.CodeShip;
import io.multiprocessing4j.internal.codeship.ReceivedCode;
import io.multiprocessing4j.internal.serial.DefaultSerializer;
import io.multiprocessing4j.internal.serial.RemoteErrors;
import io.multiprocessing4j.internal.wire.Frame;
import io.multiprocessing4j.internal.wire.FrameChannel;
import io.multiprocessing4j.internal.wire.OversizedFrameException;
import io.multiprocessing4j.internal.manager.ObjectTable.Entry;
import io.multiprocessing4j.internal.manager.ObjectTable.Session;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.Serializable;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.util.AbstractMap;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The manager server: owns the objects, serves calls on them, counts references.
 *
 * <p>Implementation notes.
 * <ul>
 * <li>Connections are accepted and authenticated by {@link Admission}
 *     (a capped pool of handshake threads), so an unauthenticated peer costs no thread of its own. Then one platform thread per client connection, blocking on its socket: the lowest
 *     latency for a request/response protocol (a selector or a virtual thread adds a hand-off per call). A client
 *     uses one connection per concurrently calling thread, so a blocking call (a queue's
 *     {@code take}) occupies only its own server thread.</li>
 * <li>"Locked" types (dict, list, namespace, value) run each call under the object's
 *     {@link ReentrantLock}; {@code APPLY} and client-held {@code LOCK}s take the same lock, which is
 *     what makes {@code compute}/{@code merge}/{@code apply} atomic. Locks a connection holds are
 *     released when it closes, so a dying client cannot wedge an object. So are the holds a
 *     connection's thread has on thread-affine objects (an {@code rlock}, a condition's lock): a
 *     reentrant lock is owned by the server thread, which nobody else could release.</li>
 * <li>The server is a dispatcher over an {@link ObjectTable}: {@code handle} reads a request's
 *     type and calls one method per request; the table holds the objects, the sessions and the
 *     reference counts. References belong to sessions, and a serialized proxy reserves its
 *     reference before it travels (see the table's notes). Reference bookkeeping happens under the
 *     table's monitor; it is rare next to calls, which only read the table's concurrent map.</li>
 * <li>Readers spin briefly before they sleep ({@link SpinningFrames}), which is what makes one
 *     client fast; but two busy clients on two cores make four spinners, each stealing the CPU
 *     from the thread it waits for (the manager-dict bench measured two clients at a quarter of one
 *     client's rate). So while more connections are busy than {@link #crowded() the cores allow},
 *     server threads stop spinning and flag their replies {@link Protocol#CROWDED} so clients stop
 *     too.</li>
 * </ul>
 */
public final class ManagerServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(ManagerServer.class.getName());
    private static final int CORES = Runtime.getRuntime().availableProcessors();
    private static final long BUSY_WINDOW_NANOS = 1_000_000;

    private final String serverId;
    private final Address address;
    private final byte[] authkey;
    /** TLS for remote clients, or null. */
    private final TlsConfig tls;
    private final ServerSocketChannel listener;
    private final ClassLoader loader;
    private final Map<String, TypeSpec> types = new ConcurrentHashMap<>(TypeSpec.builtIns());
    private final ObjectTable table;
    private final Set<ServedConnection> connections = ConcurrentHashMap.newKeySet();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final DeathWatch deathWatch = new DeathWatch();
    private final Map<ByteBuffer, Object> functions = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private volatile Admission admission;
    /** The stack of a connection thread: room for {@code maxdepth} nested values and the server's own frames. */
    static final long CONNECTION_STACK_BYTES = 2L << 20;

    private ManagerServer(String serverId, Address address, byte[] authkey, TlsConfig tls, ServerSocketChannel listener,
                          ClassLoader loader) {
        this.serverId = serverId;
        this.address = address;
        this.authkey = authkey;
        this.tls = tls;
        this.listener = listener;
        this.loader = loader;
        this.table = new ObjectTable("the manager at " + address);
    }

    /** Binds {@code address} and starts accepting; returns at once. */
    public static ManagerServer start(String serverId, Address address, byte[] authkey) throws IOException {
        return start(serverId, address, authkey, null);
    }

    /**
     * Binds {@code address} and starts accepting; with {@code tls}, every client must complete a TLS
     * handshake before the key handshake. Returns at once.
     */
    public static ManagerServer start(String serverId, Address address, byte[] authkey, TlsConfig tls) throws IOException {
        byte[] key = Sockets.checkKey(authkey);
        if (tls != null) {
            if (!(address instanceof Address.Tcp)) {
                throw new IllegalArgumentException("TLS is for TCP addresses; " + address + " is a Unix-domain socket,"
                        + " which never leaves this machine: listen without a TlsConfig");
            }
            tls.sslContext(); // a wrong password or unreadable store fails here, not at the first client
        }
        ServerSocketChannel ch = ServerSocketChannel.open(address.family());
        try {
            ch.bind(address.socketAddress());
        } catch (IOException e) {
            ch.close();
            throw new IOException("the manager cannot listen on " + address + ": " + e.getMessage(), e);
        }
        Address actual = address;
        if (address instanceof Address.Tcp tcp && tcp.port() == 0) {
            actual = Address.tcp(tcp.host(), ((java.net.InetSocketAddress) ch.getLocalAddress()).getPort());
        }
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        ManagerServer s = new ManagerServer(serverId, actual, key, tls, ch, cl != null ? cl : ManagerServer.class.getClassLoader());
        s.admission = Admission.start(ch, key, tls, "manager client", "manager at " + actual,
                new Admission.Handler() {
                    @Override
                    public void admitted(FrameChannel channel) {
                        s.startServing(channel);
                    }
                }, "mp4j-manager-acceptor");
        return s;
    }

    public Address address() {
        return address;
    }

    public String serverId() {
        return serverId;
    }

    /** Blocks until the server has stopped. */
    public void awaitShutdown() throws InterruptedException {
        stopped.await();
    }

    /**
     * One platform thread per authenticated connection, with a stack of known size: the thread
     * decodes what the client sends, and the deserialization filter's depth limit is chosen to
     * fire well before a stack of this size runs out.
     */
    private void startServing(FrameChannel channel) {
        try {
            Thread.ofPlatform().daemon().name("mp4j-manager-conn").stackSize(CONNECTION_STACK_BYTES)
                    .start(() -> serve(channel));
        } catch (OutOfMemoryError e) {
            LOG.log(System.Logger.Level.WARNING, "manager at " + address + " cannot start a thread for a client: " + e);
            channel.close();
        }
    }

    // --- one connection ------------------------------------------------------------------------

    private final class ServedConnection {
        final SpinningFrames frames;
        final Thread thread = Thread.currentThread();
        final ArrayDeque<Entry> held = new ArrayDeque<>();
        /** Thread-affine objects called on this connection: what this thread holds of them is freed at the end. */
        final Set<Entry> affine = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        Session session;
        boolean control;
        volatile long lastRequestNanos = System.nanoTime() - BUSY_WINDOW_NANOS;

        ServedConnection(SpinningFrames frames) {
            this.frames = frames;
        }
    }

    /**
     * Whether more connections are busy than the cores can hold spinning pairs for. A connection
     * is busy when it brought a request within {@link #BUSY_WINDOW_NANOS}; each busy connection
     * means two would-be spinners, the client waiting for its reply and the server thread waiting
     * for its next request.
     */
    private boolean crowded() {
        long now = System.nanoTime();
        int busy = 0;
        for (ServedConnection c : connections) {
            if (now - c.lastRequestNanos < BUSY_WINDOW_NANOS && ++busy * 2 > CORES) {
                return true;
            }
        }
        return false;
    }

    private void serve(FrameChannel channel) {
        SpinningFrames frames;
        try {
            frames = new SpinningFrames(channel);
        } catch (IOException e) {
            channel.close();
            LOG.log(System.Logger.Level.WARNING, "manager at " + address + " cannot serve a connection: " + e.getMessage());
            return;
        }
        ServedConnection c = new ServedConnection(frames);
        connections.add(c);
        try {
            if (closed) {
                return;
            }
            while (true) {
                Frame f = frames.receive();
                c.lastRequestNanos = System.nanoTime();
                if (f.type() == Protocol.DECREF) {
                    table.decref(c.session, Protocol.in(f.payload()).readLong());
                    continue;
                }
                Frame reply;
                try {
                    reply = handle(c, f);
                } catch (InvocationTargetException e) {
                    reply = new Frame(Protocol.ERROR, RemoteErrors.encode(e.getCause()));
                } catch (Throwable e) {
                    reply = new Frame(Protocol.ERROR, RemoteErrors.encode(e));
                }
                boolean crowded = crowded();
                frames.spin(!crowded);
                if (crowded) {
                    reply = new Frame((byte) (reply.type() | Protocol.CROWDED), reply.payload());
                }
                try {
                    frames.send(reply);
                } catch (io.multiprocessing4j.internal.wire.FrameTooLargeException e) {
                    frames.send(new Frame((byte) (Protocol.ERROR | (crowded ? Protocol.CROWDED : 0)), RemoteErrors.encode(e)));
                }
                if (f.type() == Protocol.SHUTDOWN) {
                    close();
                    return;
                }
            }
        } catch (EOFException e) {
            // the client closed or died
        } catch (OversizedFrameException e) {
            LOG.log(System.Logger.Level.WARNING, "manager at " + address + ": " + e.getMessage());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "manager connection failed: " + e);
        } finally {
            connections.remove(c);
            while (!c.held.isEmpty()) {
                Entry held = c.held.pop();
                if (held.lock.isHeldByCurrentThread()) {
                    held.lock.unlock();
                }
            }
            for (Entry e : c.affine) {
                ServerObjects.releaseHeldByCurrentThread(e.target);
            }
            if (c.control && c.session != null) {
                table.releaseSession(c.session);
            }
            frames.close();
        }
    }

    /**
     * The dispatcher: checks that the connection said HELLO first, then hands the request to the
     * method for its type. Each method reads its own fields from {@code in} and returns the reply.
     */
    private Frame handle(ServedConnection c, Frame f) throws Throwable {
        DataInputStream in = Protocol.in(f.payload());
        if (f.type() != Protocol.HELLO && c.session == null) {
            throw new IllegalStateException("protocol error: a manager connection must start with HELLO");
        }
        return switch (f.type()) {
            case Protocol.HELLO -> hello(c, in);
            case Protocol.CALL -> call(c, in, false);
            case Protocol.CALL_FN -> call(c, in, true);
            case Protocol.DEFINE_CLASSES -> defineClasses(in);
            case Protocol.APPLY -> apply(in);
            case Protocol.CREATE -> create(c, in);
            case Protocol.LOCK -> lock(c, in);
            case Protocol.UNLOCK -> unlock(c, in);
            case Protocol.TRANSFER -> ok(table.transfer(c.session, in.readLong()));
            case Protocol.ADOPT -> adopt(c, in);
            case Protocol.REGISTER -> registerSent(in);
            case Protocol.COUNT -> ok(table.size());
            case Protocol.SHUTDOWN -> ok(null); // serve() closes the server once the reply is out
            default -> throw new IllegalStateException("protocol error: unknown manager request type " + f.type());
        };
    }

    /** HELLO: joins (or, for a control connection, opens) the client's session; replies with the server's id. */
    private Frame hello(ServedConnection c, DataInputStream in) throws IOException {
        String sessionId = in.readUTF();
        c.control = in.readBoolean();
        c.session = table.join(sessionId, c.control);
        return ok(serverId);
    }

    /**
     * CALL and CALL_FN: invokes a method of the registered interface on the target. CALL_FN carries
     * one argument, a function, apart from the others so that its decoding can be cached.
     */
    private Frame call(ServedConnection c, DataInputStream in, boolean withFunction) throws Throwable {
        Entry e = table.entry(in.readLong());
        String key = in.readUTF();
        Method m = e.type.methods().get(key);
        if (m == null && e.type.exposed() != null) {
            throw new UnsupportedOperationException("method " + key + " of the managed " + e.type.name()
                    + " is not exposed: it was registered exposing only " + new java.util.TreeSet<>(e.type.exposed())
                    + "; add the method to the exposed names to call it");
        }
        if (m == null) {
            throw new UnsupportedOperationException("the managed " + e.type.name() + " (" + e.type.iface().getName()
                    + ") has no method " + key + "; only the registered interface's methods can be called");
        }
        int fnIndex = -1;
        Object fn = null;
        if (withFunction) {
            fnIndex = in.readInt();
            int fnLength = in.readInt();
            if (fnLength < 0 || fnLength > in.available()) {
                throw new java.io.StreamCorruptedException("corrupt CALL_FN frame: a function of " + fnLength
                        + " bytes in a frame with " + in.available() + " bytes left");
            }
            byte[] fnBytes = new byte[fnLength];
            in.readFully(fnBytes);
            fn = function(fnBytes);
        }
        List<?> args = (List<?>) deserialize(Protocol.rest(in));
        Object[] argv = args.toArray();
        if (fnIndex >= 0 && fnIndex < argv.length) {
            argv[fnIndex] = fn;
        }
        Object result;
        if (e.type.locked()) {
            e.lock.lock();
            try {
                result = m.invoke(e.target, argv);
            } finally {
                e.lock.unlock();
            }
        } else {
            if (e.type.threadAffine() && c.affine.add(e) && c.affine.size() > 64) {
                c.affine.removeIf(x -> !table.live(x)); // freed: no proxy is left to use them
            }
            // may block (take, lock, await): give up if the client dies meanwhile
            DeathWatch.Watch w = deathWatch.arm(c.frames.channel());
            try {
                result = m.invoke(e.target, argv);
            } finally {
                w.disarm();
            }
        }
        return ok(snapshot(result));
    }

    /** DEFINE_CLASSES: classes the client shipped ahead of a call that needs them. */
    private Frame defineClasses(DataInputStream in) throws Exception {
        ReceivedCode.define(Protocol.rest(in), loader);
        return ok(null);
    }

    /** APPLY: runs a client's function on the target under the object's lock, which makes it atomic. */
    private Frame apply(DataInputStream in) throws Exception {
        Entry e = table.entry(in.readLong());
        @SuppressWarnings("unchecked")
        SerializableFunction<Object, Object> fn = (SerializableFunction<Object, Object>) deserialize(Protocol.rest(in));
        e.lock.lock();
        try {
            return ok(snapshot(fn.apply(e.target)));
        } finally {
            e.lock.unlock();
        }
    }

    /** CREATE: makes an object of a registered type (arguments that are proxies become their targets) and replies with its proxy. */
    private Frame create(ServedConnection c, DataInputStream in) throws Exception {
        String typeName = in.readUTF();
        List<Object> args = new ArrayList<>((List<?>) deserialize(Protocol.rest(in)));
        args.replaceAll(a -> a instanceof TypeSpec.Ref ref ? table.entry(ref.id()).target : a);
        TypeSpec t = types.get(typeName);
        if (t == null) {
            throw new IllegalArgumentException("no type '" + typeName + "' is registered on the manager at " + address
                    + "; register it first with manager.register(\"" + typeName + "\", factory, Interface.class)");
        }
        Object target = t.factory().create(args);
        if (target == null) {
            throw new IllegalStateException("the factory of '" + typeName + "' returned null");
        }
        Entry e = table.adoptNew(c.session, target, t);
        return new Frame(Protocol.PROXY, Protocol.fields(out -> {
            out.writeLong(e.id);
            out.writeUTF(t.name());
            out.writeUTF(t.iface().getName());
            out.writeBoolean(t.threadAffine());
        }));
    }

    /** LOCK: the client holds the object's lock until UNLOCK or until its connection ends. */
    private Frame lock(ServedConnection c, DataInputStream in) throws IOException, InterruptedException {
        Entry e = table.entry(in.readLong());
        e.lock.lockInterruptibly();
        c.held.push(e);
        return ok(null);
    }

    private Frame unlock(ServedConnection c, DataInputStream in) throws IOException {
        Entry e = table.entry(in.readLong());
        if (!c.held.remove(e)) {
            throw new IllegalMonitorStateException("this client does not hold the lock of object " + e.id);
        }
        e.lock.unlock();
        return ok(null);
    }

    /** ADOPT: the receiving process takes the reference a TRANSFER reserved. */
    private Frame adopt(ServedConnection c, DataInputStream in) throws IOException {
        long token = in.readLong();
        long id = in.readLong();
        table.adopt(c.session, token, id);
        return ok(null);
    }

    /** REGISTER: a type registered by a client, with or without a list of exposed methods. */
    private Frame registerSent(DataInputStream in) throws IOException, ClassNotFoundException {
        String name = in.readUTF();
        String ifaceName = in.readUTF();
        Class<?> iface = Class.forName(ifaceName, false, loader);
        Object body = deserialize(Protocol.rest(in));
        if (body instanceof Registration r) {
            register(name, r.factory(), iface, r.exposed());
        } else {
            register(name, (SerializableSupplier<?>) body, iface);
        }
        return ok(null);
    }

    /** Registers a type; callable in-process too (the {@code listen} case). */
    public void register(String name, SerializableSupplier<?> supplier, Class<?> iface) {
        TypeSpec builtIn = TypeSpec.builtIns().get(name);
        if (builtIn != null) {
            throw new IllegalArgumentException("'" + name + "' is a built-in manager type; register yours under another name");
        }
        types.put(name, new TypeSpec(name, iface, args -> supplier.get(), false, false));
    }

    /**
     * Registers a type whose proxies may call only the {@code exposed} methods of {@code iface}
     * (Python's {@code register(typeid, callable, exposed=...)}); null exposes every method.
     */
    public void register(String name, SerializableSupplier<?> supplier, Class<?> iface, java.util.Collection<String> exposed) {
        if (exposed == null) {
            register(name, supplier, iface);
            return;
        }
        TypeSpec builtIn = TypeSpec.builtIns().get(name);
        if (builtIn != null) {
            throw new IllegalArgumentException("'" + name + "' is a built-in manager type; register yours under another name");
        }
        TypeSpec all = new TypeSpec(name, iface, args -> supplier.get(), false, false);
        java.util.Map<String, Method> kept = new java.util.HashMap<>();
        all.methods().forEach((key, m) -> {
            if (exposed.contains(m.getName()) || m.getDeclaringClass() == Object.class) {
                kept.put(key, m);
            }
        });
        types.put(name, new TypeSpec(name, iface, all.factory(), false, false, java.util.Map.copyOf(kept),
                java.util.Set.copyOf(exposed)));
    }

    /** What {@code register} with exposed methods sends: the factory and the method names. */
    record Registration(SerializableSupplier<?> factory, java.util.List<String> exposed) implements java.io.Serializable {
    }

    /** How many objects are alive; for tests and {@code objectCount()}. */
    public int objectCount() {
        return table.size();
    }

    /**
     * Decoded functions by their bytes: a loop of {@code merge(k, 1, sum)} sends the same lambda each
     * time, and decoding a lambda costs several microseconds. Identical bytes mean identical captured
     * state, so reuse is safe unless a function mutates its own captured objects on the server.
     */
    private Object function(byte[] bytes) {
        ByteBuffer key = ByteBuffer.wrap(bytes);
        Object fn = functions.get(key);
        if (fn != null) {
            ReceivedCode.activate(CodeShip.shipmentOf(bytes)); // the statics it was sent with
        } else {
            fn = deserialize(bytes);
            if (functions.size() >= 1024) {
                functions.clear();
            }
            functions.put(key, fn);
        }
        return fn;
    }

    private Object deserialize(byte[] bytes) {
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(loader);
        try {
            return ReceivedCode.deserialize(bytes, loader);
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    private static Frame ok(Object value) {
        return new Frame(Protocol.OK, DefaultSerializer.INSTANCE.serialize(value));
    }

    /**
     * Collection views and iterators (a map's {@code keySet()}, a list's {@code iterator()}) are not
     * serializable and would stay live views of a server object: send a copy instead, as Python's
     * manager returns lists for {@code keys()}.
     */
    static Object snapshot(Object result) {
        if (result == null || result instanceof Serializable) {
            return result;
        }
        if (result instanceof Iterator<?> it) {
            List<Object> copy = new ArrayList<>();
            it.forEachRemaining(x -> copy.add(snapshot(x)));
            return copy;
        }
        if (result instanceof Map<?, ?> map) {
            return new LinkedHashMap<>(map);
        }
        if (result instanceof Set<?> set) {
            Set<Object> copy = new LinkedHashSet<>();
            for (Object x : set) {
                copy.add(snapshot(x));
            }
            return copy;
        }
        if (result instanceof Collection<?> col) {
            List<Object> copy = new ArrayList<>(col.size());
            for (Object x : col) {
                copy.add(snapshot(x));
            }
            return copy;
        }
        if (result instanceof Map.Entry<?, ?> e) {
            return new AbstractMap.SimpleImmutableEntry<>(e.getKey(), e.getValue());
        }
        return result;
    }

    /** Stops accepting, closes every connection and wakes their threads. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // best-effort
        }
        Admission a = admission;
        if (a != null) {
            a.close();
        }
        if (address instanceof Address.Unix u) {
            try {
                Files.deleteIfExists(u.path());
            } catch (IOException ignored) {
                // best-effort
            }
        }
        for (ServedConnection c : connections) {
            c.frames.close();
            if (c.thread != Thread.currentThread()) {
                c.thread.interrupt();
            }
        }
        deathWatch.close();
        table.clear();
        stopped.countDown();
    }
}
