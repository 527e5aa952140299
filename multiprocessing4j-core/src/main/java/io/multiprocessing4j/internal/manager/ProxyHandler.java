package io.multiprocessing4j.internal.manager;

import io.multiprocessing4j.connection.Address;
import io.multiprocessing4j.connection.TlsConfig;
import io.multiprocessing4j.internal.wire.Frame;
import io.multiprocessing4j.spi.SerializationException;

import java.io.IOException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.Serial;
import java.io.Serializable;
import java.lang.ref.Cleaner;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a manager proxy does with each call: forwards it to the object on the manager.
 *
 * <p>Implementation notes.
 * <ul>
 * <li>Abstract interface methods are forwarded. Default methods of {@code Map}, {@code List} and
 *     {@code Collection} that update (compute, merge, putIfAbsent, replaceAll, removeIf, sort...)
 *     are forwarded too, so the server's implementation runs them atomically under the object's
 *     lock; when their function argument cannot be serialized, the proxy instead takes the object's
 *     server-side lock, runs the JDK's default implementation here (its reads and writes are
 *     ordinary proxy calls on the same connection) and releases the lock. Default methods that only
 *     read through other methods or call back into the caller ({@code forEach}, {@code stream},
 *     {@code spliterator}) run here; so do default methods of user interfaces.</li>
 * <li>Each proxy instance holds one reference on the server. A {@link Cleaner} watches this handler
 *     (reachable only through its proxy) and sends {@code DECREF} when it is collected.</li>
 * <li>Serializing the handler reserves a reference ({@code TRANSFER}) that the receiving process
 *     adopts while deserializing, so the object survives the trip even if the sender drops its proxy
 *     at once; the handler carries the address and authkey to reconnect, which is why proxies may
 *     only travel over authenticated channels.</li>
 * </ul>
 */
final class ProxyHandler implements InvocationHandler, Serializable {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final Cleaner CLEANER = Cleaner.create();
    private static final Set<String> LOCAL_DEFAULTS = Set.of("forEach", "stream", "parallelStream", "spliterator",
            "toArray", "reversed", "iterator", "listIterator");
    private static final ConcurrentHashMap<Method, String> KEYS = new ConcurrentHashMap<>();

    private final String serverId;
    private final Address address;
    private final byte[] authkey;
    private final TlsConfig tls;
    final long id;
    final String typeName;
    private final boolean threadAffine;
    private transient ClientSession session;

    ProxyHandler(ClientSession session, byte[] authkey, long id, String typeName, boolean threadAffine) {
        this.serverId = session.serverId;
        this.address = session.address;
        this.authkey = authkey;
        this.tls = session.tls;
        this.id = id;
        this.typeName = typeName;
        this.threadAffine = threadAffine;
        this.session = session;
        watch();
    }

    private void watch() {
        ClientSession s = session;
        long objectId = id;
        CLEANER.register(this, () -> s.decref(objectId));
    }

    ClientSession session() {
        return session;
    }

    /** The manager this proxy's object lives on. */
    String serverId() {
        return serverId;
    }

    Address address() {
        return address;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        Object[] argv = args == null ? new Object[0] : args;
        if (method.getDeclaringClass() == Object.class) {
            switch (method.getName()) {
                case "equals" -> {
                    Object other = argv[0];
                    if (other != null && Proxy.isProxyClass(other.getClass())
                            && Proxy.getInvocationHandler(other) instanceof ProxyHandler h) {
                        return h.serverId.equals(serverId) && h.id == id;
                    }
                    return call(method, argv);
                }
                case "hashCode" -> {
                    return call(method, argv);
                }
                case "toString" -> {
                    try {
                        return call(method, argv);
                    } catch (RuntimeException e) {
                        return "Proxy[" + typeName + " #" + id + " at " + address + ", unreachable: " + e.getMessage() + "]";
                    }
                }
                default -> throw new UnsupportedOperationException(method.toString());
            }
        }
        if (method.isDefault() && (!isCollection(method.getDeclaringClass()) || LOCAL_DEFAULTS.contains(method.getName()))) {
            return InvocationHandler.invokeDefault(proxy, method, args);
        }
        if (method.isDefault()) {
            int fnIndex = functionIndex(argv);
            byte[] encoded;
            byte[] fn = null;
            try {
                if (fnIndex >= 0) {
                    fn = shipped(argv[fnIndex]);
                    Object[] rest = argv.clone();
                    rest[fnIndex] = null;
                    encoded = shipped(Arrays.asList(rest));
                } else {
                    encoded = shipped(Arrays.asList(argv));
                }
            } catch (SerializationException notSerializable) {
                return underLock(proxy, method, args);
            }
            return adapt(method, fn == null ? send(method, encoded) : sendWithFunction(method, fnIndex, fn, encoded));
        }
        return call(method, argv);
    }

    private static boolean isCollection(Class<?> c) {
        return c == Map.class || c == List.class || c == Collection.class || c == java.util.SequencedCollection.class
                || c == Iterable.class;
    }

    private Object call(Method method, Object[] argv) {
        byte[] encoded;
        try {
            encoded = shipped(Arrays.asList(argv)); // may hold a function (ValueProxy.updateAndGet)
        } catch (SerializationException e) {
            throw new SerializationException("cannot send the arguments of " + describe(method) + " to the manager: "
                    + e.getMessage(), e);
        }
        return adapt(method, send(method, encoded));
    }

    private Object send(Method method, byte[] encodedArgs) {
        String key = KEYS.computeIfAbsent(method, TypeSpec::key);
        byte[] head = Protocol.fields(out -> {
            out.writeLong(id);
            out.writeUTF(key);
        });
        byte[] payload = Arrays.copyOf(head, head.length + encodedArgs.length);
        System.arraycopy(encodedArgs, 0, payload, head.length, encodedArgs.length);
        Frame reply;
        try {
            reply = session.request(new Frame(Protocol.CALL, payload), threadAffine, describe(method));
        } catch (ClientSession.ManagerCallInterrupted e) {
            if (Arrays.asList(method.getExceptionTypes()).contains(InterruptedException.class)) {
                InterruptedException ie = new InterruptedException(describe(method) + " was interrupted; its connection"
                        + " to the manager was closed, so the call may still complete there");
                ie.initCause(e);
                throw ClientSession.sneaky(ie);
            }
            throw e;
        }
        return ClientSession.value(reply);
    }

    /** The position of a lambda argument (compute's function, merge's remapping...), or -1. */
    private static int functionIndex(Object[] argv) {
        for (int i = 0; i < argv.length; i++) {
            if (argv[i] != null && argv[i].getClass().isHidden()) {
                return i;
            }
        }
        return -1;
    }

    private Object sendWithFunction(Method method, int fnIndex, byte[] fn, byte[] encodedArgs) {
        String key = KEYS.computeIfAbsent(method, TypeSpec::key);
        byte[] head = Protocol.fields(out -> {
            out.writeLong(id);
            out.writeUTF(key);
            out.writeInt(fnIndex);
            out.writeInt(fn.length);
            out.write(fn);
        });
        byte[] payload = Arrays.copyOf(head, head.length + encodedArgs.length);
        System.arraycopy(encodedArgs, 0, payload, head.length, encodedArgs.length);
        return ClientSession.value(session.request(new Frame(Protocol.CALL_FN, payload), threadAffine, describe(method)));
    }

    private Object underLock(Object proxy, Method method, Object[] args) throws Throwable {
        lock();
        try {
            return Fallbacks.run(proxy, method, args);
        } finally {
            unlock();
        }
    }

    void lock() {
        session.pin(1);
        try {
            session.request(new Frame(Protocol.LOCK, Protocol.fields(out -> out.writeLong(id))), true, "locking " + typeName);
        } catch (RuntimeException e) {
            session.pin(-1);
            throw e;
        }
    }

    void unlock() {
        try {
            session.request(new Frame(Protocol.UNLOCK, Protocol.fields(out -> out.writeLong(id))), true, "unlocking " + typeName);
        } finally {
            session.pin(-1);
        }
    }

    Object apply(Object function) {
        byte[] fn;
        try {
            fn = shipped(function);
        } catch (SerializationException e) {
            throw new SerializationException("Manager.apply sends the function to the manager, so it must be serializable"
                    + " (use a SerializableFunction lambda whose captured values are serializable): " + e.getMessage(), e);
        }
        byte[] head = Protocol.fields(out -> out.writeLong(id));
        byte[] payload = Arrays.copyOf(head, head.length + fn.length);
        System.arraycopy(fn, 0, payload, head.length, fn.length);
        return ClientSession.value(session.request(new Frame(Protocol.APPLY, payload), threadAffine, "Manager.apply on " + typeName));
    }

    /** Serializes a function for the server, first sending it the classes it lacks (JShell snippets). */
    private byte[] shipped(Object function) {
        return session.shipped(function, threadAffine);
    }

    private static Object adapt(Method method, Object result) {
        Class<?> rt = method.getReturnType();
        if (rt == ListIterator.class && result instanceof List<?> l) {
            return l.listIterator();
        }
        if (rt == Iterator.class && result instanceof Collection<?> c) {
            return c.iterator();
        }
        return result;
    }

    private String describe(Method method) {
        return method.getDeclaringClass().getSimpleName() + "." + method.getName() + " on managed " + typeName + " #" + id;
    }

    @Serial
    private void writeObject(ObjectOutputStream out) throws IOException {
        if (tls != null && !tls.portable()) {
            throw new NotSerializableException("a proxy of the manager at " + address + " cannot be sent to another process:"
                    + " it was connected with TlsConfig.of(SSLContext), which cannot travel; connect with"
                    + " TlsConfig.trustStore(..) or TlsConfig.keyStore(..) instead");
        }
        long token = (Long) ClientSession.value(session.request(
                new Frame(Protocol.TRANSFER, Protocol.fields(o -> o.writeLong(id))), false, "sending a proxy of " + typeName));
        out.defaultWriteObject();
        out.writeLong(token);
    }

    @Serial
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
        in.defaultReadObject();
        long token = in.readLong();
        session = ClientSession.forServer(serverId, address, authkey, tls);
        session.request(new Frame(Protocol.ADOPT, Protocol.fields(o -> {
            o.writeLong(token);
            o.writeLong(id);
        })), false, "receiving a proxy of " + typeName);
        watch();
    }
}
