package io.multiprocessing4j.internal.net;

import io.multiprocessing4j.connection.Address;
import io.multiprocessing4j.connection.AuthenticationException;
import io.multiprocessing4j.connection.Connection;
import io.multiprocessing4j.connection.TlsConfig;
import io.multiprocessing4j.internal.wire.FrameChannel;
import io.multiprocessing4j.spi.ListenerBackend;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The listening socket under a public {@code connection.Listener}: binds, admits clients through
 * {@link Admission} (handshakes in the background, at most a bounded number pending) and hands the
 * authenticated ones, and the authentication failures, to {@link #accept()} in the order they
 * completed.
 *
 * <p>Implementation notes. Outcomes go through one queue: a {@link SocketConnection} with its peer
 * address, an {@link AuthenticationException} (at most 16 kept; beyond
 * that only logged), or the closed marker, which each {@code accept()} that takes it puts back so
 * every waiter wakes. A client admitted after {@link #close()} is closed at once (the handler drains
 * again). Closing a Unix-domain listener deletes its socket file.
 */
public final class SocketListener implements ListenerBackend {
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

    private SocketListener(ServerSocketChannel server, Address address, byte[] authkey, TlsConfig tls) {
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
     * Binds a listening socket, with TLS when {@code tls} is not null ({@code Listener.bind}).
     *
     * @throws IllegalArgumentException if the key is empty, or TLS is asked for a Unix-domain socket
     */
    public static SocketListener bind(Address address, byte[] authkey, TlsConfig tls) throws IOException {
        boolean withTls = tls != null;
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
        return new SocketListener(server, actual, key, tls);
    }

    @Override
    public Address address() {
        return address;
    }

    @Override
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

    @Override
    public java.util.Optional<java.net.SocketAddress> lastAccepted() {
        return java.util.Optional.ofNullable(lastAccepted);
    }

    @Override
    public boolean closed() {
        return closed;
    }

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
        return "SocketListener[" + address + (closed ? ", closed" : "") + "]";
    }
}
