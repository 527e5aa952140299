package io.multiprocessing4j.connection;

import java.io.Serializable;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a {@link Listener} listens and a {@link Client} connects: a Unix-domain socket path (Python's
 * {@code 'AF_UNIX'} family, for processes on one machine) or a TCP host and port ({@code 'AF_INET'},
 * for other machines).
 *
 * <p>Addresses are immutable values and serializable, so one can be handed to a child process.
 */
public sealed interface Address extends Serializable permits Address.Unix, Address.Tcp {

    /** @return the JDK socket address to bind or connect to */
    SocketAddress socketAddress();

    /** @return the protocol family of the socket */
    ProtocolFamily family();

    /** A Unix-domain socket at {@code path}. */
    static Address unix(Path path) {
        Objects.requireNonNull(path, "path must not be null");
        return new Unix(path.toString());
    }

    /** A TCP address; port {@code 0} asks {@link Listener#bind} for any free port. */
    static Address tcp(String host, int port) {
        return new Tcp(host, port);
    }

    /**
     * Reads {@code HOST:PORT} (TCP; {@code [::1]:PORT} for IPv6) or a path (Unix-domain socket: any
     * text that contains a {@code /} or does not end in {@code :digits}).
     *
     * @throws IllegalArgumentException if the text is empty or the port is not a number in 0..65535
     */
    static Address parse(String text) {
        Objects.requireNonNull(text, "address must not be null: pass HOST:PORT or a socket path");
        if (text.isBlank()) {
            throw new IllegalArgumentException("address is empty: pass HOST:PORT (e.g. 127.0.0.1:50000) or a socket path");
        }
        int colon = text.lastIndexOf(':');
        if (text.contains("/") || colon < 0) {
            return unix(Path.of(text));
        }
        String host = text.substring(0, colon);
        String port = text.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            return tcp(host.isEmpty() ? "0.0.0.0" : host, Integer.parseInt(port));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("address '" + text + "' has no numeric port: write HOST:PORT, e.g. 127.0.0.1:50000");
        }
    }

    /**
     * A Unix-domain socket path.
     *
     * @param pathname the socket file's path (a string, so that the address is serializable)
     */
    record Unix(String pathname) implements Address {
        private static final long serialVersionUID = 1L;

        public Unix {
            Objects.requireNonNull(pathname, "pathname must not be null");
        }

        /** @return the socket file */
        public Path path() {
            return Path.of(pathname);
        }

        @Override
        public SocketAddress socketAddress() {
            return UnixDomainSocketAddress.of(pathname);
        }

        @Override
        public ProtocolFamily family() {
            return StandardProtocolFamily.UNIX;
        }

        @Override
        public String toString() {
            return pathname;
        }
    }

    /**
     * A TCP host and port.
     *
     * @param host a host name or IP literal
     * @param port 0..65535
     */
    record Tcp(String host, int port) implements Address {
        private static final long serialVersionUID = 1L;

        public Tcp {
            Objects.requireNonNull(host, "host must not be null");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be in 0..65535, got " + port);
            }
        }

        @Override
        public SocketAddress socketAddress() {
            return new InetSocketAddress(host, port);
        }

        @Override
        public ProtocolFamily family() {
            InetSocketAddress a = new InetSocketAddress(host, port);
            return a.getAddress() instanceof java.net.Inet6Address ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
        }

        @Override
        public String toString() {
            return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
        }
    }
}
