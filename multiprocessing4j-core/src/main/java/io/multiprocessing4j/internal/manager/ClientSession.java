package io.multiprocessing4j.internal.manager;

import io.multiprocessing4j.connection.Address;
import io.multiprocessing4j.connection.TlsConfig;
import io.multiprocessing4j.internal.net.Sockets;
import io.multiprocessing4j.internal.serial.DefaultSerializer;
import io.multiprocessing4j.internal.serial.RemoteErrors;
import io.multiprocessing4j.internal.wire.Frame;
import io.multiprocessing4j.manager.ManagerUnavailableException;

import java.io.DataInputStream;
import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicReference;

/**
 * This process's connection to one manager server.
 *
 * <p>Implementation notes. A session has one control connection, which holds the session (and so
 * this process's references) alive on the server and carries the fire-and-forget {@code DECREF}s of
 * collected proxies; a reader thread on it notices at once when the server goes away. Calls use a
 * pool of further connections: a calling thread takes an idle one (or opens one), so threads never
 * wait for each other's calls and a blocking call holds only its own connection. Calls on
 * thread-affine objects (a reentrant lock) and calls made while the thread holds an object lock
 * use a connection pinned to the thread, because the server ties such state to the serving thread.
 * Sessions of deserialized proxies are shared per server id in a process-wide table.
 *
 * <p>The first call connection is connected and authenticated on a helper thread while the control
 * connection is, because nearly every session makes a call at once ({@code manager.dict()}) and the
 * two handshakes then overlap instead of adding up (a manager's start-up is mostly round trips
 * through code that has not been compiled yet). The first call sends its {@code HELLO} (which the
 * server accepts only after the control connection's) and its request together. If it fails to
 * open, the first call opens a connection itself, which reports the failure as usual.
 */
final class ClientSession {
    private static final ConcurrentHashMap<String, ClientSession> BY_SERVER = new ConcurrentHashMap<>();

    final Address address;
    private final byte[] authkey;
    /** TLS for a remote manager, or null. */
    final TlsConfig tls;
    final String sessionId = UUID.randomUUID().toString();
    /** The classes this session has shipped to the server. */
    private final io.multiprocessing4j.internal.codeship.ShipLedger ledger = new io.multiprocessing4j.internal.codeship.ShipLedger();
    final String serverId;
    private final SpinningFrames control;
    private final ConcurrentLinkedDeque<SpinningFrames> idle = new ConcurrentLinkedDeque<>();
    private final ThreadLocal<Pinned> pinned = new ThreadLocal<>();
    private final java.util.Set<SpinningFrames> open = ConcurrentHashMap.newKeySet();
    private volatile String deadReason;
    /** The first call connection, authenticated but without its HELLO yet; null once taken. */
    private final AtomicReference<CompletableFuture<SpinningFrames>> preopened;

    private static final class Pinned {
        SpinningFrames channel;
        int holds;
    }

    private ClientSession(Address address, byte[] authkey, TlsConfig tls) throws IOException {
        this.address = address;
        this.authkey = authkey.clone();
        this.tls = tls;
        CompletableFuture<SpinningFrames> first = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("mp4j-manager-connect").start(() -> {
            try {
                first.complete(new SpinningFrames(Sockets.connect(address, this.authkey, tls)));
            } catch (Throwable e) {
                first.completeExceptionally(e);
            }
        });
        preopened = new AtomicReference<>(first);
        try {
            control = new SpinningFrames(Sockets.connect(address, authkey, tls));
            Frame hello = exchange(control, new Frame(Protocol.HELLO, Protocol.fields(out -> {
                out.writeUTF(sessionId);
                out.writeBoolean(true);
            })));
            serverId = (String) value(hello);
        } catch (IOException | RuntimeException e) {
            closePreopened();
            throw e;
        }
        Thread.ofPlatform().daemon().name("mp4j-manager-watch").start(this::watchControl);
    }

    static ClientSession open(Address address, byte[] authkey, TlsConfig tls) throws IOException {
        ClientSession s = new ClientSession(address, authkey, tls);
        BY_SERVER.putIfAbsent(s.serverId, s);
        return s;
    }

    /** The session a deserialized proxy of {@code serverId} uses in this process. */
    static ClientSession forServer(String serverId, Address address, byte[] authkey, TlsConfig tls) {
        ClientSession s = BY_SERVER.get(serverId);
        if (s != null && s.deadReason == null) {
            return s;
        }
        synchronized (BY_SERVER) {
            s = BY_SERVER.get(serverId);
            if (s != null && s.deadReason == null) {
                return s;
            }
            try {
                s = new ClientSession(address, authkey, tls);
            } catch (IOException e) {
                throw new ManagerUnavailableException("cannot reconnect a proxy to its manager at " + address + ": "
                        + e.getMessage(), e);
            }
            BY_SERVER.put(serverId, s);
            return s;
        }
    }

    private void watchControl() {
        try {
            while (true) {
                control.receive();
            }
        } catch (IOException e) {
            markDead("the manager at " + address + " closed the connection (it was shut down or its process died)");
        }
    }

    private void markDead(String reason) {
        if (deadReason == null) {
            deadReason = reason;
        }
        BY_SERVER.remove(serverId, this);
        control.close();
        closePreopened();
        for (SpinningFrames c : open) {
            c.close();
        }
    }

    boolean alive() {
        return deadReason == null;
    }

    /** Closes this process's session: the server drops its references. */
    void close() {
        markDead("this manager client was closed");
    }

    /**
     * Serializes a value for the server, first sending it the classes the value needs that its
     * class path may lack (JShell snippets, generated classes), once per session.
     */
    byte[] shipped(Object value, boolean threadAffine) {
        byte[] bytes = io.multiprocessing4j.internal.codeship.CodeShip.serialize(value);
        java.util.List<Frame> defs = new java.util.ArrayList<>(1);
        ledger.collect(bytes, defs);
        for (Frame d : defs) {
            request(new Frame(Protocol.DEFINE_CLASSES, d.payload()), threadAffine, "shipping classes to the manager");
        }
        return bytes;
    }

    /** Sends a request and returns the reply frame, or throws the server's exception. */
    Frame request(Frame request, boolean threadAffine, String what) {
        checkAlive(what, null);
        Pinned p = pinned.get();
        boolean usePinned = threadAffine || (p != null && p.holds > 0);
        SpinningFrames ch;
        SpinningFrames fresh = null;
        if (usePinned) {
            if (p == null) {
                p = new Pinned();
                pinned.set(p);
            }
            if (p.channel == null) {
                p.channel = connect(what);
            }
            ch = p.channel;
        } else {
            ch = idle.pollFirst();
            if (ch == null) {
                ch = fresh = takePreopened();
            }
            if (ch == null) {
                ch = connect(what);
            }
        }
        Frame reply;
        try {
            reply = fresh != null ? joinAndExchange(fresh, request) : exchange(ch, request);
        } catch (IOException e) {
            ch.close();
            open.remove(ch);
            if (usePinned) {
                p.channel = null;
            }
            if (e instanceof java.io.InterruptedIOException || Thread.interrupted()) {
                throw new ManagerCallInterrupted(e);
            }
            checkAlive(what, e);
            throw unavailable(what, "the connection broke: " + e.getMessage(), e);
        }
        if (!usePinned) {
            idle.offerFirst(ch);
        }
        if (reply.type() == Protocol.ERROR) {
            throw sneaky(RemoteErrors.decode(reply.payload(), loader()));
        }
        return reply;
    }

    /** A thread starts or stops holding an object's server-side lock. */
    void pin(int delta) {
        Pinned p = pinned.get();
        if (p == null) {
            p = new Pinned();
            pinned.set(p);
        }
        p.holds += delta;
    }

    void decref(long id) {
        if (deadReason != null) {
            return;
        }
        try {
            control.send(new Frame(Protocol.DECREF, Protocol.fields(out -> out.writeLong(id))));
        } catch (IOException e) {
            // the server is gone, and with it the object
        }
    }

    /**
     * The connection opened alongside the control connection, not yet joined to the session (see
     * {@link #joinAndExchange}); null if it was taken already or failed to open (the caller then
     * opens one itself, which reports any error).
     */
    private SpinningFrames takePreopened() {
        CompletableFuture<SpinningFrames> f = preopened.getAndSet(null);
        if (f == null) {
            return null;
        }
        SpinningFrames ch;
        try {
            ch = f.join();
        } catch (CompletionException | CancellationException e) {
            return null;
        }
        open.add(ch);
        if (deadReason != null) {
            ch.close();
        }
        return ch;
    }

    private void closePreopened() {
        CompletableFuture<SpinningFrames> f = preopened.getAndSet(null);
        if (f != null) {
            f.thenAccept(SpinningFrames::close);
        }
    }

    /**
     * Joins a pre-opened connection to the session and makes its first request in one round trip:
     * the server reads a connection's frames in order, so the request follows the {@code HELLO}.
     */
    private Frame joinAndExchange(SpinningFrames ch, Frame request) throws IOException {
        ch.send(callHello());
        ch.send(request);
        Frame joined = unflag(ch, ch.receive());
        Frame reply = unflag(ch, ch.receive());
        if (joined.type() == Protocol.ERROR) {
            ch.close();
            open.remove(ch);
            throw sneaky(RemoteErrors.decode(joined.payload(), loader()));
        }
        return reply;
    }

    /** Says HELLO on a new call connection, which joins it to this session on the server. */
    private void join(SpinningFrames ch) throws IOException {
        Frame r = exchange(ch, callHello());
        if (r.type() == Protocol.ERROR) {
            ch.close();
            throw sneaky(RemoteErrors.decode(r.payload(), loader()));
        }
    }

    private Frame callHello() {
        return new Frame(Protocol.HELLO, Protocol.fields(out -> {
            out.writeUTF(sessionId);
            out.writeBoolean(false);
        }));
    }

    private SpinningFrames connect(String what) {
        SpinningFrames ch;
        try {
            ch = new SpinningFrames(Sockets.connect(address, authkey, tls));
            join(ch);
        } catch (IOException e) {
            checkAlive(what, e);
            throw unavailable(what, "cannot connect: " + e.getMessage(), e);
        }
        open.add(ch);
        if (deadReason != null) {
            ch.close();
        }
        return ch;
    }

    private static Frame exchange(SpinningFrames ch, Frame request) throws IOException {
        ch.send(request);
        return unflag(ch, ch.receive());
    }

    /** Follows the server's {@link Protocol#CROWDED} hint and strips it from the reply's type. */
    private static Frame unflag(SpinningFrames ch, Frame reply) {
        boolean crowded = (reply.type() & Protocol.CROWDED) != 0;
        ch.spin(!crowded);
        return crowded ? new Frame((byte) (reply.type() & ~Protocol.CROWDED), reply.payload()) : reply;
    }

    private void checkAlive(String what, Throwable cause) {
        String reason = deadReason;
        if (reason != null) {
            throw unavailable(what, reason, cause);
        }
    }

    private ManagerUnavailableException unavailable(String what, String reason, Throwable cause) {
        return new ManagerUnavailableException(what + " failed: " + reason + " [manager " + address + "]", cause);
    }

    static Object value(Frame reply) {
        return DefaultSerializer.INSTANCE.deserialize(reply.payload(), loader());
    }

    static DataInputStream fields(Frame reply) {
        return Protocol.in(reply.payload());
    }

    static ClassLoader loader() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return cl != null ? cl : ClientSession.class.getClassLoader();
    }

    @SuppressWarnings("unchecked")
    static <E extends Throwable> RuntimeException sneaky(Throwable t) throws E {
        throw (E) t;
    }

    /** A call's thread was interrupted while it waited for the manager. */
    static final class ManagerCallInterrupted extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ManagerCallInterrupted(Throwable cause) {
            super("interrupted while waiting for the manager", cause);
        }
    }
}
