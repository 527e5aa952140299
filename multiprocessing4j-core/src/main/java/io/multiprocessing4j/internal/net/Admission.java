package io.multiprocessing4j.internal.net;

import io.multiprocessing4j.connection.TlsConfig;
import io.multiprocessing4j.internal.wire.FrameChannel;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Accepts the connections of one server socket and authenticates them ({@link Sockets#serve}),
 * handing each authenticated channel to a {@link Handler}: the front door of a manager server and
 * of a {@code Listener}.
 *
 * <p>Thread-safety: one acceptor thread per instance; {@link #close()} from any thread.
 *
 * <p>Implementation notes.
 * <ul>
 * <li>Before this, each accepted connection got its own platform thread for its handshake, so
 *     3 000 connections that never said a word made 1 460 server threads. Now at most
 *     {@link #MAX_PENDING} handshakes are pending at once ({@code -Dmp4j.maxPendingHandshakes},
 *     default 32), run by a pool of at most that many platform threads that time out when idle.</li>
 * <li>Platform threads, not virtual ones: a handshake on a virtual thread waits for a free
 *     carrier, and code elsewhere in the JVM that pins carriers (a blocking file read on a virtual
 *     thread) would then stall every server's front door.</li>
 * <li>When one more connection arrives while the pool is full, the one that has waited longest
 *     is dropped, once it has waited {@link #GRACE_NANOS} (0.5 s): a genuine client finishes
 *     in a few round trips, so a flood of silent connections evicts its own members and cannot keep
 *     a genuine client out for long, while a burst of genuine clients is never cut short; it waits
 *     in the kernel's backlog until a handshake ends. Each handshake also has the
 *     {@code mp4j.handshakeTimeoutMillis} deadline.</li>
 * <li>A failed {@code accept} while the socket is open (out of file descriptors, typically during
 *     a flood) drops the oldest pending handshake and retries 50 ms later: the server never stops
 *     accepting for good, which it did before.</li>
 * <li>The handler runs on the handshake's thread: it should hand the channel on quickly (a
 *     manager starts the connection's own thread; a listener queues it for {@code accept}).</li>
 * </ul>
 */
public final class Admission implements AutoCloseable {
    /** Looked up when something is logged: the first {@code System.getLogger} of a young worker JVM costs tens of milliseconds. */
    private static System.Logger log() {
        return System.getLogger(Admission.class.getName());
    }
    public static final String MAX_PENDING_PROPERTY = "mp4j.maxPendingHandshakes";
    public static final int MAX_PENDING = Math.max(1, Integer.getInteger(MAX_PENDING_PROPERTY, 32));
    private static final long ACCEPT_RETRY_NANOS = 50_000_000;
    /** How long a handshake is safe from eviction by a newcomer. */
    static final long GRACE_NANOS = 500_000_000;

    /** Told about each connection's outcome; called on the handshake's thread. */
    public interface Handler {
        /** The peer proved the key; the channel is the handler's to close. */
        void admitted(FrameChannel channel);

        /** The peer failed the handshake (wrong key, not one of ours, timed out, hung up); its socket is closed. */
        default void refused(IOException reason) {
        }
    }

    private final ServerSocketChannel server;
    private final byte[] authkey;
    private final TlsConfig tls;
    private final String peer;
    private final String where;
    private final Handler handler;
    /** Channels whose handshake is queued or running, oldest first. */
    private final ConcurrentLinkedDeque<Pending> pending = new ConcurrentLinkedDeque<>();
    private final ThreadPoolExecutor handshakes;
    private final AtomicLong evicted = new AtomicLong();
    private final Thread acceptor;
    private volatile boolean closed;

    private Admission(ServerSocketChannel server, byte[] authkey, TlsConfig tls, String peer, String where,
                      Handler handler, String threadName) {
        this.server = server;
        this.authkey = authkey;
        this.tls = tls;
        this.peer = peer;
        this.where = where;
        this.handler = handler;
        this.acceptor = Thread.ofPlatform().daemon().name(threadName).unstarted(this::acceptLoop);
        this.handshakes = new ThreadPoolExecutor(MAX_PENDING, MAX_PENDING, 10, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                Thread.ofPlatform().daemon().name("mp4j-handshake-", 0).factory());
        handshakes.allowCoreThreadTimeOut(true);
    }

    private record Pending(SocketChannel channel, long sinceNanos) {
    }

    /**
     * Starts accepting on {@code server} at once.
     *
     * @param peer what a client is called in messages ("manager client")
     * @param where what the server is called in messages (its address)
     */
    public static Admission start(ServerSocketChannel server, byte[] authkey, TlsConfig tls, String peer, String where,
                                  Handler handler, String threadName) {
        Admission a = new Admission(server, authkey, tls, peer, where, handler, threadName);
        a.acceptor.start();
        return a;
    }

    /** @return handshakes running now (at most {@link #MAX_PENDING}) */
    public int pending() {
        return pending.size();
    }

    /** @return connections dropped so far because {@link #MAX_PENDING} handshakes were already running */
    public long evicted() {
        return evicted.get();
    }

    private void acceptLoop() {
        while (!closed) {
            SocketChannel ch;
            try {
                ch = server.accept();
            } catch (IOException e) {
                if (closed || !server.isOpen()) {
                    return;
                }
                // out of file descriptors during a flood, say: shed the oldest handshake and retry
                // after a pause, rather than stop accepting for good
                log().log(System.Logger.Level.WARNING, where + " cannot accept a connection (" + e.getMessage()
                        + "); retrying");
                evictOldest();
                LockSupport.parkNanos(ACCEPT_RETRY_NANOS);
                continue;
            }
            makeRoom();
            Pending p = new Pending(ch, System.nanoTime());
            pending.addLast(p);
            try {
                handshakes.execute(() -> admit(p));
            } catch (RejectedExecutionException e) {
                pending.remove(p);
                Sockets.closeQuietly(ch); // closed meanwhile
                return;
            }
        }
    }

    /** Waits until a handshake slot is free, evicting the oldest handshake once it is past its grace. */
    private void makeRoom() {
        while (pending.size() >= MAX_PENDING && !closed) {
            Pending oldest = pending.peekFirst();
            if (oldest == null) {
                return;
            }
            long waited = System.nanoTime() - oldest.sinceNanos();
            if (waited >= GRACE_NANOS) {
                if (pending.remove(oldest)) {
                    evicted.incrementAndGet();
                    Sockets.closeQuietly(oldest.channel()); // wakes its handshake, which then fails
                }
            } else {
                LockSupport.parkNanos(Math.min(GRACE_NANOS - waited, 10_000_000)); // or until one finishes
            }
        }
    }

    private void evictOldest() {
        Pending oldest = pending.pollFirst();
        if (oldest != null) {
            evicted.incrementAndGet();
            Sockets.closeQuietly(oldest.channel());
        }
    }

    private void admit(Pending p) {
        SocketChannel ch = p.channel();
        FrameChannel fc;
        try {
            fc = Sockets.serve(ch, authkey, peer, tls);
        } catch (IOException e) {
            boolean wasEvicted = !pending.remove(p);
            Sockets.closeQuietly(ch);
            if (closed) {
                return;
            }
            if (e instanceof io.multiprocessing4j.connection.AuthenticationException) {
                log().log(System.Logger.Level.WARNING, where + " refused a connection: " + e.getMessage());
            } else {
                log().log(System.Logger.Level.DEBUG, where + " dropped a connection during its handshake"
                        + (wasEvicted ? " (" + MAX_PENDING + " handshakes were pending, -D" + MAX_PENDING_PROPERTY + ")" : "")
                        + ": " + e.getMessage());
            }
            handler.refused(e);
            return;
        }
        if (!pending.remove(p) || closed) {
            fc.close(); // evicted or closed just as it completed
            return;
        }
        handler.admitted(fc);
    }

    /** Stops accepting (closes the server socket) and drops the pending handshakes. Idempotent. */
    @Override
    public void close() {
        closed = true;
        Sockets.closeQuietly(server);
        Pending p;
        while ((p = pending.pollFirst()) != null) {
            Sockets.closeQuietly(p.channel());
        }
        handshakes.shutdown();
    }
}
