package io.multiprocessing4j.connection;

import io.multiprocessing4j.internal.net.Admission;
import io.multiprocessing4j.internal.net.SocketConnection;
import io.multiprocessing4j.internal.net.Sockets;
import io.multiprocessing4j.internal.wire.FrameChannel;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A socket that accepts authenticated {@link Connection}s: Python's
 * {@code multiprocessing.connection.Listener}.
 *
 * <pre>{@code
 * try (Listener l = Listener.bind(Address.parse("127.0.0.1:0"), key)) {
 *     Connection c = l.accept();          // both sides proved the key before anything is read
 *     Object request = c.recv();
 * }
 * }</pre>
 *
 * <p>Every accepted connection first runs a mutual HMAC-SHA256 challenge with the authkey (Python's
 * {@code deliver_challenge}/{@code answer_challenge}, in both directions), so no object from an
 * unauthenticated peer is ever deserialized. Unlike Python, an authkey is mandatory, and TLS is
 * available ({@link #bind(Address, byte[], TlsConfig)}).
 *
 * <p><b>Handshakes.</b> Unlike Python's, which authenticates one client at a time inside
 * {@code accept()}, so that one silent client holds up every other, a listener authenticates
 * clients as they connect, in the background, on a small pool of threads: at most
 * {@code -Dmp4j.maxPendingHandshakes} (default 32) pending at once (when all are taken, the
 * longest-waiting is dropped for a newcomer once it is 0.5 s old) and
 * {@code -Dmp4j.handshakeTimeoutMillis} (default 30 s) each. {@link #accept()} returns authenticated clients in the order they completed. See
 * {@code docs/security.md}.
 *
 * <p><b>Thread-safety.</b> {@link #accept()} may be called from several threads; {@link #close()}
 * from any thread wakes them with an {@link IOException}. Closing a Unix-domain listener deletes
 * its socket file, and closes the clients authenticated but not yet accepted.
 */
public final class Listener implements AutoCloseable {
    private volatile java.net.SocketAddress lastAccepted;

    /** An authenticated client waiting for {@link #accept()}, with its address. */
    private record Accepted(Connection connection, java.net.SocketAddress peer) {
    }
    private final Address address;
    /** Failed clients kept for {@link #accept()} to report; beyond this many, they are only logged. */
    private static final int MAX_REPORTED_FAILURES = 16;
    private static final Object CLOSED = new Object();

    /** Authenticated connections and authentication failures, in order, for {@link #accept()}. */
    private final LinkedBlockingQueue<Object> outcomes = new LinkedBlockingQueue<>();
    private final Admission admission;
    private volatile boolean closed;

    private Listener(ServerSocketChannel server, Address address, byte[] authkey, TlsConfig tls) {
        this.address = address;
        this.admission = Admission.start(server, authkey, tls, "client", "listener at " + address, new Admission.Handler() {
            @Override
            public void admitted(FrameChannel channel) {
                java.net.SocketAddress peer = null;
                try {
                    peer = channel.channel() == null ? null : channel.channel().getRemoteAddress();
                } catch (IOException ignored) {
                    // gone already: accept() will find out
                }
                outcomes.add(new Accepted(new SocketConnection(channel, "accepted from " + address), peer));
                if (closed) {
                    drain();
                }
            }

            @Override
            public void refused(IOException reason) {
                if (reason instanceof AuthenticationException && outcomes.size() < MAX_REPORTED_FAILURES) {
                    outcomes.add(reason);
                }
            }
        }, "mp4j-listener-acceptor");
    }

    /**
     * Binds a listening socket.
     *
     * @param address a Unix-domain path (must not exist yet) or a TCP host:port (port 0 = any free port)
     * @param authkey the shared secret, at least one byte; {@code Handshake.newKey()}-style 32 random bytes are best
     * @return the listener; {@link #address()} tells the actual port
     * @throws IOException if the address cannot be bound (in use, no permission)
     */
    public static Listener bind(Address address, byte[] authkey) throws IOException {
        return bind(address, authkey, null, false);
    }

    /**
     * Binds a listening socket whose clients must connect over TLS ({@link Client#connect(Address,
     * byte[], TlsConfig)}): the TLS handshake comes first and the authkey is proved inside it, so
     * nothing crosses the network in clear. Python's {@code Listener} has no TLS.
     *
     * @param address a TCP host:port (port 0 = any free port)
     * @param authkey the shared secret, at least one byte
     * @param tls the listener's key material, usually {@link TlsConfig#keyStore}
     * @throws IllegalArgumentException if {@code address} is a Unix-domain socket
     * @throws java.io.UncheckedIOException if the key store cannot be read (a wrong password, say)
     */
    public static Listener bind(Address address, byte[] authkey, TlsConfig tls) throws IOException {
        Objects.requireNonNull(tls, "tls must not be null: pass TlsConfig.keyStore(path, password), or use bind(address, authkey)");
        return bind(address, authkey, tls, true);
    }

    private static Listener bind(Address address, byte[] authkey, TlsConfig tls, boolean withTls) throws IOException {
        Objects.requireNonNull(address, "address must not be null: pass Address.parse(\"HOST:PORT\") or Address.unix(path)");
        byte[] key = Sockets.checkKey(authkey);
        if (withTls) {
            if (!(address instanceof Address.Tcp)) {
                throw new IllegalArgumentException("TLS is for TCP addresses; " + address + " is a Unix-domain socket,"
                        + " which never leaves this machine: bind without a TlsConfig");
            }
            tls.sslContext(); // a wrong password fails here, not at the first client
        }
        ServerSocketChannel server = ServerSocketChannel.open(address.family());
        try {
            server.bind(address.socketAddress());
        } catch (IOException e) {
            server.close();
            throw new IOException("cannot listen on " + address + ": " + e.getMessage(), e);
        }
        Address actual = address;
        if (address instanceof Address.Tcp tcp && tcp.port() == 0) {
            actual = Address.tcp(tcp.host(), ((java.net.InetSocketAddress) server.getLocalAddress()).getPort());
        }
        return new Listener(server, actual, key, tls);
    }

    /** @return the address clients connect to (with the real port when bound to port 0) */
    public Address address() {
        return address;
    }

    /**
     * Waits for the next authenticated client (clients are authenticated as they connect).
     *
     * @return the connection, ready to use
     * @throws AuthenticationException if the client did not prove the key (its socket is closed; the
     *     listener stays usable, so a server loop may log this and accept again)
     * @throws IOException if the listener was closed (a client that hung up or fell silent during
     *     its handshake is dropped, logged, and not reported here)
     * @throws java.io.InterruptedIOException if the waiting thread was interrupted
     */
    public Connection accept() throws IOException {
        if (closed) {
            throw new IOException("the listener at " + address + " is closed");
        }
        Object next;
        try {
            next = outcomes.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for a client on " + address);
        }
        if (next == CLOSED) {
            outcomes.add(CLOSED); // wakes the next waiting accept() too
            throw new IOException("the listener at " + address + " is closed");
        }
        if (next instanceof AuthenticationException e) {
            throw new AuthenticationException(e.getMessage(), e);
        }
        Accepted accepted = (Accepted) next;
        lastAccepted = accepted.peer();
        return accepted.connection();
    }

    private void drain() {
        Object o;
        while ((o = outcomes.poll()) != null) {
            if (o instanceof Accepted a) {
                a.connection().close();
            }
        }
        outcomes.add(CLOSED);
    }

    /**
     * The address of the peer of the last connection {@link #accept()} returned: Python's
     * {@code Listener.last_accepted}. For TCP an {@link java.net.InetSocketAddress}; for a Unix
     * socket an unnamed {@link java.net.UnixDomainSocketAddress} (clients do not bind a path).
     *
     * @return the address, or empty before the first accepted connection
     */
    public java.util.Optional<java.net.SocketAddress> lastAccepted() {
        return java.util.Optional.ofNullable(lastAccepted);
    }

    /** @return whether {@link #close()} was called */
    public boolean closed() {
        return closed;
    }

    /** Stops listening; pending {@code accept()} calls fail. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        admission.close();
        drain();
        if (address instanceof Address.Unix u) {
            try {
                Files.deleteIfExists(u.path());
            } catch (IOException ignored) {
                // the directory may be gone already
            }
        }
    }

    @Override
    public String toString() {
        return "Listener[" + address + (closed ? ", closed" : "") + "]";
    }
}
