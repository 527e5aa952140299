package io.multiprocessing4j.connection;

import io.multiprocessing4j.spi.LocalBackends;

import java.io.IOException;

/**
 * Connects to a {@link Listener}: Python's {@code multiprocessing.connection.Client}.
 *
 * <p>The returned connection has passed the mutual authkey challenge; a wrong key fails here with
 * {@link AuthenticationException} before anything is deserialized.
 */
public final class Client {
    private Client() {
    }

    /**
     * Connects and authenticates.
     *
     * @param address where the listener is
     * @param authkey the listener's key
     * @return a connected {@link Connection}
     * @throws AuthenticationException if either side's proof failed (wrong key)
     * @throws IOException if nothing listens there or the connection broke
     */
    public static Connection connect(Address address, byte[] authkey) throws IOException {
        return LocalBackends.get().connect(address, authkey, null);
    }

    /**
     * Connects over TLS to a listener bound with {@link Listener#bind(Address, byte[], TlsConfig)}:
     * the listener's certificate must be trusted by {@code tls} and (unless turned off) name the host
     * in {@code address}; then the authkey is proved inside the TLS session.
     *
     * @param tls what to trust, usually {@link TlsConfig#trustStore}
     * @throws IOException if the TLS handshake fails (the message says why) or nothing listens there
     * @throws AuthenticationException if the key is wrong
     */
    public static Connection connect(Address address, byte[] authkey, TlsConfig tls) throws IOException {
        java.util.Objects.requireNonNull(tls, "tls must not be null: pass TlsConfig.trustStore(path, password), or use connect(address, authkey)");
        return LocalBackends.get().connect(address, authkey, tls);
    }
}
