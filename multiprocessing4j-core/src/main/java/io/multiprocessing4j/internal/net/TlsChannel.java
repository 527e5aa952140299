package io.multiprocessing4j.internal.net;

import io.multiprocessing4j.connection.TlsConfig;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A TLS session over a socket channel, read and written as a plain {@link ByteChannel}: what lets
 * the authkey handshake and the frame readers run unchanged over TLS.
 *
 * <p>Implementation notes.
 * <ul>
 * <li>The TLS handshake runs when the channel is made, with the socket in blocking mode. Afterwards
 *     the socket may be switched to non-blocking mode (the manager's spinning reader does): then
 *     {@link #read} returns 0 when no whole record has arrived, exactly like a plain non-blocking
 *     socket, so the caller may wait for the socket to become readable.</li>
 * <li>{@link #read} first drains plaintext left over from an earlier record and unwraps records
 *     already buffered, and only then reads the socket. So when it returns 0, nothing decodable is
 *     buffered and readiness of the socket is the right thing to wait for.</li>
 * <li>One thread reads and any number write. {@code SSLEngine} allows {@code wrap} and
 *     {@code unwrap} to run concurrently; wraps (including those a post-handshake message asks the
 *     reader to make) are serialised by a lock, as are the writes of their records. {@link #write}
 *     writes its records completely, waiting in a selector on a full non-blocking socket.</li>
 * </ul>
 */
public final class TlsChannel implements ByteChannel {
    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private final SocketChannel ch;
    private final SSLEngine engine;
    private final ReentrantLock wrapLock = new ReentrantLock();
    private ByteBuffer netIn;   // ciphertext read from the socket, write mode
    private ByteBuffer appIn;   // plaintext not yet handed out, write mode
    private ByteBuffer netOut;  // ciphertext being written, guarded by wrapLock
    private Selector writeSelector;
    private volatile boolean closed;

    private TlsChannel(SocketChannel ch, SSLEngine engine) {
        this.ch = ch;
        this.engine = engine;
        int packet = engine.getSession().getPacketBufferSize();
        netIn = ByteBuffer.allocate(packet);
        netOut = ByteBuffer.allocate(packet);
        appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
    }

    /** The connecting side: verifies the server's certificate (and host name, unless turned off). */
    public static TlsChannel client(SocketChannel ch, TlsConfig config, String host, int port) throws IOException {
        SSLEngine engine = config.sslContext().createSSLEngine(host, port);
        engine.setUseClientMode(true);
        if (config.verifiesHostname()) {
            SSLParameters p = engine.getSSLParameters();
            p.setEndpointIdentificationAlgorithm("HTTPS");
            engine.setSSLParameters(p);
        }
        return handshake(ch, engine);
    }

    /**
     * The accepting side.
     *
     * @param alreadyRead bytes the caller read from the socket before (to tell TLS from plain
     *     clients), handed to the engine first
     */
    public static TlsChannel server(SocketChannel ch, TlsConfig config, ByteBuffer alreadyRead) throws IOException {
        SSLEngine engine = config.sslContext().createSSLEngine();
        engine.setUseClientMode(false);
        return handshake(ch, engine, alreadyRead);
    }

    private static TlsChannel handshake(SocketChannel ch, SSLEngine engine) throws IOException {
        return handshake(ch, engine, ByteBuffer.allocate(0));
    }

    private static TlsChannel handshake(SocketChannel ch, SSLEngine engine, ByteBuffer alreadyRead) throws IOException {
        TlsChannel t = new TlsChannel(ch, engine);
        t.netIn.put(alreadyRead);
        engine.beginHandshake();
        SSLEngineResult.HandshakeStatus hs = engine.getHandshakeStatus();
        while (hs != SSLEngineResult.HandshakeStatus.FINISHED && hs != SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING) {
            switch (hs) {
                case NEED_WRAP -> hs = t.wrapAndFlush(EMPTY).getHandshakeStatus();
                case NEED_TASK -> {
                    t.runTasks();
                    hs = engine.getHandshakeStatus();
                }
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    SSLEngineResult r = t.unwrap();
                    if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW) {
                        if (ch.read(t.netIn) < 0) {
                            throw new EOFException("the peer closed the connection during the TLS handshake");
                        }
                    } else if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                        throw new EOFException("the peer closed the TLS session during the handshake");
                    }
                    hs = r.getHandshakeStatus();
                }
                default -> throw new IllegalStateException("unexpected TLS handshake status " + hs);
            }
        }
        return t;
    }

    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    /** Unwraps from {@link #netIn} into {@link #appIn}, growing buffers as the engine asks. */
    private SSLEngineResult unwrap() throws SSLException {
        while (true) {
            netIn.flip();
            SSLEngineResult r;
            try {
                r = engine.unwrap(netIn, appIn);
            } finally {
                netIn.compact();
            }
            switch (r.getStatus()) {
                case BUFFER_OVERFLOW -> appIn = grow(appIn, engine.getSession().getApplicationBufferSize());
                case BUFFER_UNDERFLOW -> {
                    int need = engine.getSession().getPacketBufferSize();
                    if (netIn.capacity() < need) {
                        netIn = grow(netIn, need);
                    }
                    return r;
                }
                default -> {
                    if (r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                        runTasks();
                    }
                    return r;
                }
            }
        }
    }

    private static ByteBuffer grow(ByteBuffer b, int atLeast) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(atLeast, b.capacity() * 2));
        b.flip();
        bigger.put(b);
        return bigger;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        while (true) {
            if (appIn.position() > 0) {
                return drainTo(dst);
            }
            if (netIn.position() > 0) {
                SSLEngineResult r = unwrap();
                if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                    return -1;
                }
                if (r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
                    wrapAndFlush(EMPTY); // a post-handshake answer (a TLS 1.3 key update)
                }
                if (r.getStatus() == SSLEngineResult.Status.OK) {
                    continue; // produced plaintext, or consumed a record that carried none
                }
            }
            int n;
            try {
                n = ch.read(netIn);
            } catch (ClosedChannelException e) {
                return -1;
            }
            if (n <= 0) {
                return n;
            }
        }
    }

    /** @return whether decoded bytes are waiting to be read */
    public boolean hasPlaintext() {
        return appIn.position() > 0;
    }

    /**
     * Reads what the socket has, without waiting (the socket must be in non-blocking mode), and
     * decodes the whole records among it: what {@code poll} needs, since a readable socket may
     * carry a record with no data (a TLS 1.3 session ticket), or half a record.
     *
     * @return -1 at the end of the stream, else 0
     */
    public int pump() throws IOException {
        while (true) {
            if (appIn.position() > 0) {
                return 0;
            }
            if (netIn.position() > 0) {
                SSLEngineResult r = unwrap();
                if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                    return -1;
                }
                if (r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_WRAP) {
                    wrapAndFlush(EMPTY);
                }
                if (r.getStatus() == SSLEngineResult.Status.OK) {
                    continue;
                }
            }
            int n;
            try {
                n = ch.read(netIn);
            } catch (ClosedChannelException e) {
                return -1;
            }
            if (n <= 0) {
                return n;
            }
        }
    }

    private int drainTo(ByteBuffer dst) {
        appIn.flip();
        int n = Math.min(appIn.remaining(), dst.remaining());
        ByteBuffer slice = appIn.slice(appIn.position(), n);
        dst.put(slice);
        appIn.position(appIn.position() + n);
        appIn.compact();
        return n;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        int before = src.remaining();
        wrapLock.lock();
        try {
            while (src.hasRemaining()) {
                SSLEngineResult r = wrapAndFlush(src);
                if (r.getStatus() == SSLEngineResult.Status.CLOSED) {
                    throw new EOFException("the TLS session is closed");
                }
            }
        } finally {
            wrapLock.unlock();
        }
        return before - src.remaining();
    }

    /** Wraps one record of {@code src} and writes it out completely. */
    private SSLEngineResult wrapAndFlush(ByteBuffer src) throws IOException {
        wrapLock.lock();
        try {
            while (true) {
                netOut.clear();
                SSLEngineResult r = engine.wrap(src, netOut);
                if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                    netOut = ByteBuffer.allocate(Math.max(engine.getSession().getPacketBufferSize(), netOut.capacity() * 2));
                    continue;
                }
                if (r.getHandshakeStatus() == SSLEngineResult.HandshakeStatus.NEED_TASK) {
                    runTasks();
                }
                netOut.flip();
                while (netOut.hasRemaining()) {
                    if (ch.write(netOut) == 0) {
                        awaitWritable();
                    }
                }
                return r;
            }
        } finally {
            wrapLock.unlock();
        }
    }

    private void awaitWritable() throws IOException {
        if (ch.isBlocking()) {
            return;
        }
        if (writeSelector == null) {
            writeSelector = Selector.open();
            ch.register(writeSelector, SelectionKey.OP_WRITE);
        }
        writeSelector.select(100);
        writeSelector.selectedKeys().clear();
        if (closed) {
            throw new EOFException("connection closed");
        }
    }

    @Override
    public boolean isOpen() {
        return ch.isOpen();
    }

    /**
     * Sends {@code close_notify} if the socket takes it at once, then closes the socket.
     * Best-effort: the peer treats a bare end of stream the same way.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (wrapLock.tryLock()) {
            try {
                engine.closeOutbound();
                netOut.clear();
                engine.wrap(EMPTY, netOut);
                netOut.flip();
                if (ch.isOpen()) {
                    ch.configureBlocking(false); // one attempt: never wait on a peer that may be gone
                    ch.write(netOut);
                }
            } catch (IOException | RuntimeException ignored) {
                // the peer may be gone already
            } finally {
                wrapLock.unlock();
            }
        }
        try {
            Selector w = writeSelector;
            if (w != null) {
                w.close();
            }
        } finally {
            ch.close();
        }
    }
}
