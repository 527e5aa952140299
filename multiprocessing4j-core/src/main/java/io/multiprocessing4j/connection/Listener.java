package io.multiprocessing4j.connection;

import io.multiprocessing4j.spi.ListenerBackend;
import io.multiprocessing4j.spi.LocalBackends;

import java.io.IOException;
import java.util.Objects;

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
    /** The socket, its handshakes and the authenticated clients waiting for {@link #accept()}. */
    private final ListenerBackend backend;

    private Listener(ListenerBackend backend) {
        this.backend = backend;
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
        return new Listener(LocalBackends.get().listen(address, authkey, null));
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
        return new Listener(LocalBackends.get().listen(address, authkey, tls));
    }

    /** @return the address clients connect to (with the real port when bound to port 0) */
    public Address address() {
        return backend.address();
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
        return backend.accept();
    }

    /**
     * The address of the peer of the last connection {@link #accept()} returned: Python's
     * {@code Listener.last_accepted}. For TCP an {@link java.net.InetSocketAddress}; for a Unix
     * socket an unnamed {@link java.net.UnixDomainSocketAddress} (clients do not bind a path).
     *
     * @return the address, or empty before the first accepted connection
     */
    public java.util.Optional<java.net.SocketAddress> lastAccepted() {
        return backend.lastAccepted();
    }

    /** @return whether {@link #close()} was called */
    public boolean closed() {
        return backend.closed();
    }

    /** Stops listening; pending {@code accept()} calls fail. Idempotent. */
    @Override
    public void close() {
        backend.close();
    }

    @Override
    public String toString() {
        return "Listener[" + backend.address() + (backend.closed() ? ", closed" : "") + "]";
    }
}
