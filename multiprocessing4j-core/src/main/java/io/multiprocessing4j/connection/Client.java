package io.multiprocessing4j.connection;

import io.multiprocessing4j.internal.net.SocketConnection;
import io.multiprocessing4j.internal.net.Sockets;

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
        return new SocketConnection(Sockets.connect(address, authkey), "connected to " + address);
    }
}
