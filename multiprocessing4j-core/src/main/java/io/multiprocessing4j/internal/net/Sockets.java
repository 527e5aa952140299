package io.multiprocessing4j.internal.net;

import io.multiprocessing4j.connection.Address;
import io.multiprocessing4j.connection.AuthenticationException;
import io.multiprocessing4j.connection.TlsConfig;
import io.multiprocessing4j.internal.wire.FrameChannel;
import io.multiprocessing4j.internal.wire.Handshake;

import java.io.EOFException;
import java.io.IOException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.SocketChannel;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import jdk.net.ExtendedSocketOptions;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Opening authenticated socket channels for {@code Listener}, {@code Client} and the manager.
 *
 * <p>Implementation notes.
 * <ul>
 * <li>The handshake runs on the raw channel before a {@link FrameChannel} is built, so nothing is
 *     parsed before both sides proved the key.</li>
 * <li>With a {@link TlsConfig}, the TLS handshake comes first and the key handshake runs inside the
 *     session: the client checks the server's certificate before it proves anything, and nothing
 *     crosses the network in clear. A TLS server reads the client's first byte before starting
 *     TLS: a TLS client opens with a handshake record (0x16), a plain one with
 *     {@link Handshake#MAGIC}, so a client without TLS is told at once instead of both sides
 *     waiting for the other.</li>
 * <li>Both sides give the whole handshake {@link #HANDSHAKE_MILLIS} (default 30 s,
 *     {@code -Dmp4j.handshakeTimeoutMillis}), after which the socket is closed: a peer that
 *     connects and says nothing (or is not one of ours) cannot hold a thread forever.</li>
 * <li>TCP sockets get {@code TCP_NODELAY}: our messages are request/response sized, and Nagle's
 *     delay would add tens of milliseconds to each round trip. They also get keep-alive probes
 *     ({@link #keepAlive}), so a peer that vanished without closing is noticed.</li>
 * </ul>
 */
public final class Sockets {
    static final long HANDSHAKE_MILLIS = Long.getLong("mp4j.handshakeTimeoutMillis", 30_000);
    static final int KEEPALIVE_IDLE_SECONDS = Integer.getInteger("mp4j.tcpKeepAliveSeconds", 15);
    private static final byte TLS_HANDSHAKE_RECORD = 0x16;

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
        return connect(address, authkey, null);
    }

    /**
     * Connects to {@code address}, sets up TLS when {@code tls} is not null (verifying the server's
     * certificate), and proves the key inside it.
     */
    public static FrameChannel connect(Address address, byte[] authkey, TlsConfig tls) throws IOException {
        Objects.requireNonNull(address, "address must not be null");
        byte[] key = checkKey(authkey);
        if (tls != null && !(address instanceof Address.Tcp)) {
            throw new IllegalArgumentException("TLS is for TCP addresses; " + address + " is a Unix-domain socket,"
                    + " which never leaves this machine: connect without a TlsConfig");
        }
        SocketChannel ch = SocketChannel.open(address.family());
        try {
            ch.connect(address.socketAddress());
        } catch (IOException e) {
            closeQuietly(ch);
            throw new IOException("cannot connect to " + address + ": " + e.getMessage()
                    + " (is the listener running?)", e);
        }
        ByteChannel io = ch;
        Deadline deadline = Deadline.arm(ch);
        try {
            configure(ch, address);
            if (tls != null) {
                io = clientTls(ch, (Address.Tcp) address, tls);
            }
            Handshake.connect(io, key);
        } catch (IOException e) {
            closeQuietly(io);
            if (deadline.expired()) {
                throw new IOException("no complete handshake with " + address + " within " + HANDSHAKE_MILLIS
                        + " ms (is a multiprocessing4j listener there" + (tls == null ? ", and does it expect TLS?)" : "?)"), e);
            }
            if (e instanceof Handshake.AuthenticationException) {
                String hint = tls == null ? "; both sides must use the same authkey (or the server expects TLS:"
                        + " connect with a TlsConfig)" : "; both sides must use the same authkey";
                throw new AuthenticationException("authentication with " + address + " failed: " + e.getMessage() + hint, e);
            }
            if (tls == null && !(e instanceof TlsHandshakeFailed)) {
                throw new IOException("the handshake with " + address + " failed: " + e.getMessage()
                        + " (is a multiprocessing4j listener there, and does it expect TLS? then connect with a TlsConfig)", e);
            }
            throw e;
        } finally {
            deadline.disarm();
        }
        return new FrameChannel(ch, io);
    }

    private static TlsChannel clientTls(SocketChannel ch, Address.Tcp address, TlsConfig tls) throws IOException {
        try {
            return TlsChannel.client(ch, tls, address.host(), address.port());
        } catch (SSLHandshakeException e) {
            throw new TlsHandshakeFailed("the TLS handshake with " + address + " failed: " + e.getMessage()
                    + " (does the trust store hold the server's certificate, and does the certificate name the host "
                    + address.host() + "?)", e);
        } catch (IOException e) {
            throw new TlsHandshakeFailed("the TLS handshake with " + address + " failed: " + e.getMessage()
                    + " (is the server started without TLS? then connect without a TlsConfig)", e);
        }
    }

    /** A client's TLS handshake failed; its message already says why. */
    private static final class TlsHandshakeFailed extends IOException {
        private static final long serialVersionUID = 1L;

        TlsHandshakeFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Runs the accepting side of the handshake on a freshly accepted channel. */
    public static FrameChannel serve(SocketChannel ch, byte[] authkey, String peer) throws IOException {
        return serve(ch, authkey, peer, null);
    }

    /** Runs the accepting side of TLS (when {@code tls} is not null), then of the key handshake inside it. */
    public static FrameChannel serve(SocketChannel ch, byte[] authkey, String peer, TlsConfig tls) throws IOException {
        ByteChannel io = ch;
        Deadline deadline = Deadline.arm(ch);
        try {
            configure(ch, null);
            if (tls != null) {
                io = serverTls(ch, tls, peer);
            }
            Handshake.serve(io, authkey);
        } catch (IOException e) {
            closeQuietly(io);
            if (deadline.expired()) {
                throw new IOException("the " + peer + " did not complete the handshake within " + HANDSHAKE_MILLIS + " ms", e);
            }
            if (e instanceof Handshake.AuthenticationException) {
                throw new AuthenticationException("the " + peer + " failed authentication: " + e.getMessage(), e);
            }
            throw e;
        } finally {
            deadline.disarm();
        }
        return new FrameChannel(ch, io);
    }

    private static TlsChannel serverTls(SocketChannel ch, TlsConfig tls, String peer) throws IOException {
        ByteBuffer first = ByteBuffer.allocate(1);
        if (ch.read(first) < 0) {
            throw new EOFException("the " + peer + " closed the connection before the TLS handshake");
        }
        first.flip();
        if (first.get(0) != TLS_HANDSHAKE_RECORD) {
            throw new Handshake.AuthenticationException("the " + peer + " does not speak TLS, and this manager requires it"
                    + " (the client must connect with a TlsConfig)");
        }
        try {
            return TlsChannel.server(ch, tls, first);
        } catch (SSLException e) {
            throw new IOException("the " + peer + " failed the TLS handshake: " + e.getMessage()
                    + " (does it trust this server's certificate?)", e);
        }
    }

    private static void configure(SocketChannel ch, Address address) throws IOException {
        boolean tcp = address == null ? !(ch.getLocalAddress() instanceof java.net.UnixDomainSocketAddress)
                : address instanceof Address.Tcp;
        if (tcp) {
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            keepAlive(ch);
        }
    }

    /**
     * TCP keep-alive with short timers. A peer on another machine can vanish without closing its
     * socket (the machine crashed, the network split): with the system's defaults a blocked call
     * would notice after two hours. Probing after {@link #KEEPALIVE_IDLE_SECONDS} of silence, every
     * 5 s, 3 times, turns that into an error within about half a minute; the probes are invisible
     * to the frames, so a {@code queue.take()} may still wait as long as it likes.
     */
    static void keepAlive(SocketChannel ch) throws IOException {
        ch.setOption(StandardSocketOptions.SO_KEEPALIVE, true);
        java.util.Set<java.net.SocketOption<?>> supported = ch.supportedOptions();
        if (supported.contains(ExtendedSocketOptions.TCP_KEEPIDLE)) {
            ch.setOption(ExtendedSocketOptions.TCP_KEEPIDLE, KEEPALIVE_IDLE_SECONDS);
        }
        if (supported.contains(ExtendedSocketOptions.TCP_KEEPINTERVAL)) {
            ch.setOption(ExtendedSocketOptions.TCP_KEEPINTERVAL, 5);
        }
        if (supported.contains(ExtendedSocketOptions.TCP_KEEPCOUNT)) {
            ch.setOption(ExtendedSocketOptions.TCP_KEEPCOUNT, 3);
        }
    }

    public static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // best-effort
        }
    }

    /** Closes a channel whose handshake takes too long, which wakes the thread blocked on it. */
    private static final class Deadline {
        private static final ScheduledThreadPoolExecutor TIMER = timer();
        private final AtomicBoolean expired = new AtomicBoolean();
        private ScheduledFuture<?> task;

        static Deadline arm(SocketChannel ch) {
            Deadline d = new Deadline();
            d.task = TIMER.schedule(() -> {
                d.expired.set(true);
                closeQuietly(ch);
            }, HANDSHAKE_MILLIS, TimeUnit.MILLISECONDS);
            return d;
        }

        boolean expired() {
            return expired.get();
        }

        void disarm() {
            task.cancel(false);
        }

        private static ScheduledThreadPoolExecutor timer() {
            ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1,
                    Thread.ofPlatform().daemon().name("mp4j-handshake-deadline").factory());
            t.setRemoveOnCancelPolicy(true);
            return t;
        }
    }
}
