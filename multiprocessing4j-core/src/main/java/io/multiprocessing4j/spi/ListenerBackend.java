package io.multiprocessing4j.spi;

import io.multiprocessing4j.connection.Address;
import io.multiprocessing4j.connection.Connection;

import java.io.IOException;
import java.net.SocketAddress;
import java.util.Optional;

/**
 * What a {@link io.multiprocessing4j.connection.Listener} delegates to: a bound socket that
 * authenticates clients in the background, made by
 * {@link LocalBackends#listen(Address, byte[], io.multiprocessing4j.connection.TlsConfig)}. Not for
 * applications.
 *
 * <p>Contract: as the methods of {@code Listener} of the same names. Thread-safe.
 */
public interface ListenerBackend extends AutoCloseable {

    /** @return the address clients connect to (with the real port when bound to port 0) */
    Address address();

    /**
     * @return the next authenticated client
     * @throws io.multiprocessing4j.connection.AuthenticationException if a client did not prove the key
     * @throws IOException if the listener was closed
     */
    Connection accept() throws IOException;

    /** @return the peer address of the last connection {@link #accept()} returned, or empty */
    Optional<SocketAddress> lastAccepted();

    /** @return whether {@link #close()} was called */
    boolean closed();

    /** Stops listening; pending {@code accept()} calls fail. Idempotent. */
    @Override
    void close();
}
