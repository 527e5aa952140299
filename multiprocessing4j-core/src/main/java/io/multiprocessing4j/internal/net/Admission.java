package io.multiprocessing4j.internal.net;

import io.multiprocessing4j.connection.TlsConfig;
import io.multiprocessing4j.internal.wire.FrameChannel;

import java.io.IOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Accepts the connections of one server socket and authenticates them ({@link Sockets#serve}),
 * handing each authenticated channel to a {@link Handler}: the front door of a manager server and
 * of a {@code Listener}.
 *
 * <p>Thread-safety: one acceptor thread per instance; {@link #close()} from any thread.
 *
 * <p>Implementation notes.
 * <ul>
 * <li>A peer that connects and says nothing must cost no platform thread: each handshake runs on
 *     a virtual thread, which blocks in socket reads without holding a carrier (NIO sockets park
 *     a virtual thread in the JDK's poller). Before this, one platform thread per pending
 *     connection let 3 000 silent connections make 1 460 server threads.</li>
 * <li>At most {@link #MAX_PENDING} handshakes are pending at once ({@code -Dmp4j.maxPendingHandshakes},
 *     default 64). When one more connection arrives, the one that has waited longest is dropped.
 *     A genuine client finishes its handshake within a few round trips, so a flood of silent or
 *     slow connections evicts its own members, never starves the genuine ones behind a queue
 *     (what a fixed queue would do), and costs at most {@code MAX_PENDING} sockets and virtual
 *     threads. Each handshake also has the {@code mp4j.handshakeTimeoutMillis} deadline.</li>
 * <li>A failed {@code accept} while the socket is open (out of file descriptors, typically during
 *     a flood) drops the oldest pending handshake and retries 50 ms later: the server never stops
 *     accepting for good, which it did before.</li>
 * <li>The handler runs on the handshake's virtual thread: it should hand the channel on quickly
 *     (a manager starts the connection's platform thread; a listener queues it for {@code accept}).</li>
 * </ul>
 */
public final class Admission implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Admission.class.getName());
    public static final String MAX_PENDING_PROPERTY = "mp4j.maxPendingHandshakes";
    public static final int MAX_PENDING = Math.max(1, Integer.getInteger(MAX_PENDING_PROPERTY, 64));
    private static final long ACCEPT_RETRY_NANOS = 50_000_000;

    /** Told about each connection's outcome; called on the handshake's virtual thread. */
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
    /** Channels whose handshake is running, oldest first. */
    private final ConcurrentLinkedDeque<SocketChannel> pending = new ConcurrentLinkedDeque<>();
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
                LOG.log(System.Logger.Level.WARNING, where + " cannot accept a connection (" + e.getMessage()
                        + "); retrying");
                SocketChannel oldest = pending.pollFirst();
                if (oldest != null) {
                    evicted.incrementAndGet();
                    Sockets.closeQuietly(oldest);
                }
                java.util.concurrent.locks.LockSupport.parkNanos(ACCEPT_RETRY_NANOS);
                continue;
            }
            while (pending.size() >= MAX_PENDING) {
                SocketChannel oldest = pending.pollFirst();
                if (oldest != null) {
                    evicted.incrementAndGet();
                    Sockets.closeQuietly(oldest); // wakes its handshake, which then fails
                }
            }
            pending.addLast(ch);
            Thread.ofVirtual().name("mp4j-handshake").start(() -> admit(ch));
        }
    }

    private void admit(SocketChannel ch) {
        FrameChannel fc;
        try {
            fc = Sockets.serve(ch, authkey, peer, tls);
        } catch (IOException e) {
            boolean wasEvicted = !pending.remove(ch);
            Sockets.closeQuietly(ch);
            if (closed) {
                return;
            }
            if (e instanceof io.multiprocessing4j.connection.AuthenticationException) {
                LOG.log(System.Logger.Level.WARNING, where + " refused a connection: " + e.getMessage());
            } else {
                LOG.log(System.Logger.Level.DEBUG, where + " dropped a connection during its handshake"
                        + (wasEvicted ? " (" + MAX_PENDING + " handshakes were pending, -D" + MAX_PENDING_PROPERTY + ")" : "")
                        + ": " + e.getMessage());
            }
            handler.refused(e);
            return;
        }
        if (!pending.remove(ch) || closed) {
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
        SocketChannel ch;
        while ((ch = pending.pollFirst()) != null) {
            Sockets.closeQuietly(ch);
        }
    }
}
