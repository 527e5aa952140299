package io.multiprocessing4j.internal.net;

import io.multiprocessing4j.connection.Address;
import io.multiprocessing4j.connection.AuthenticationException;
import io.multiprocessing4j.internal.wire.FrameChannel;
import io.multiprocessing4j.internal.wire.Handshake;

import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.util.Objects;

/**
 * Opening authenticated socket channels for {@code Listener}, {@code Client} and the manager.
 *
 * <p>Implementation notes. The handshake runs on the raw channel before a {@link FrameChannel} is
 * built, so nothing is parsed before both sides proved the key. TCP sockets get
 * {@code TCP_NODELAY}: our messages are request/response sized, and Nagle's delay would add
 * tens of milliseconds to each round trip.
 */
public final class Sockets {
    private Sockets() {
    }

    /** Validates and copies an authkey. */
    public static byte[] checkKey(byte[] authkey) {
        Objects.requireNonNull(authkey, "authkey must not be null: pass the shared secret bytes (e.g. 32 random bytes)");
        if (authkey.length == 0) {
            throw new IllegalArgumentException("authkey must not be empty: pass the shared secret bytes (e.g. 32 random bytes)");
        }
        return authkey.clone();
    }

    /** Connects to {@code address} and proves the key. */
    public static FrameChannel connect(Address address, byte[] authkey) throws IOException {
        Objects.requireNonNull(address, "address must not be null");
        byte[] key = checkKey(authkey);
        SocketChannel ch = SocketChannel.open(address.family());
        try {
            ch.connect(address.socketAddress());
        } catch (IOException e) {
            closeQuietly(ch);
            throw new IOException("cannot connect to " + address + ": " + e.getMessage()
                    + " (is the listener running?)", e);
        }
        configure(ch, address);
        try {
            Handshake.connect(ch, key);
        } catch (Handshake.AuthenticationException e) {
            closeQuietly(ch);
            throw new AuthenticationException("authentication with " + address + " failed: " + e.getMessage()
                    + "; both sides must use the same authkey", e);
        } catch (IOException e) {
            closeQuietly(ch);
            throw e;
        }
        return new FrameChannel(ch);
    }

    /** Runs the accepting side of the handshake on a freshly accepted channel. */
    public static FrameChannel serve(SocketChannel ch, byte[] authkey, String peer) throws IOException {
        try {
            configure(ch, null);
            Handshake.serve(ch, authkey);
        } catch (Handshake.AuthenticationException e) {
            closeQuietly(ch);
            throw new AuthenticationException("the " + peer + " failed authentication: " + e.getMessage(), e);
        } catch (IOException e) {
            closeQuietly(ch);
            throw e;
        }
        return new FrameChannel(ch);
    }

    private static void configure(SocketChannel ch, Address address) throws IOException {
        boolean tcp = address == null ? !(ch.getLocalAddress() instanceof java.net.UnixDomainSocketAddress)
                : address instanceof Address.Tcp;
        if (tcp) {
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        }
    }

    public static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // best-effort
        }
    }
}
