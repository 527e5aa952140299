package io.multiprocessing4j.internal.net;

import io.multiprocessing4j.connection.BufferTooShortException;
import io.multiprocessing4j.connection.Connection;
import io.multiprocessing4j.internal.serial.DefaultSerializer;
import io.multiprocessing4j.internal.wire.Frame;
import io.multiprocessing4j.internal.wire.FrameChannel;

import java.io.EOFException;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A {@link Connection} over an authenticated socket: what {@code Listener.accept()} and
 * {@code Client.connect(..)} return.
 *
 * <p>Implementation notes. Each message is one frame: {@link #OBJECT} carries a serialized value,
 * {@link #BYTES} raw bytes from {@code sendBytes}. {@code recv()} of a byte message returns the
 * {@code byte[]}, and {@code recvBytes()} of an object message returns its serialized form (as
 * Python's {@code recv_bytes} returns the pickle). Reads are blocking; {@code poll} briefly switches
 * the channel to non-blocking mode and waits in a selector, which is correct because the frame
 * reader never buffers beyond the frame it returns. Interrupting a thread blocked in {@code recv}
 * closes the socket (the JDK's interruptible-channel contract); the call then throws
 * {@link InterruptedException} and the connection is closed.
 */
public final class SocketConnection implements Connection {
    static final byte OBJECT = 1;
    static final byte BYTES = 2;

    private final FrameChannel frames;
    private final String description;
    private final Object pollLock = new Object();
    private volatile boolean closed;

    public SocketConnection(FrameChannel frames, String description) {
        this.frames = frames;
        this.description = description;
    }

    @Override
    public void send(Object value) throws IOException {
        checkOpen();
        byte[] bytes = DefaultSerializer.INSTANCE.serialize(value);
        write(new Frame(OBJECT, bytes));
    }

    @Override
    public void sendBytes(byte[] buffer, int offset, int length) throws IOException {
        checkOpen();
        java.util.Objects.checkFromIndexSize(offset, length, buffer.length);
        write(new Frame(BYTES, Arrays.copyOfRange(buffer, offset, offset + length)));
    }

    private void write(Frame f) throws IOException {
        try {
            frames.send(f);
        } catch (IOException e) {
            throw new IOException("cannot send on the connection " + description + ": the other end is closed or gone ("
                    + e.getMessage() + ")", e);
        }
    }

    @Override
    public Object recv() throws IOException, InterruptedException {
        Frame f = read();
        if (f.type() == BYTES) {
            return f.payload();
        }
        return DefaultSerializer.INSTANCE.deserialize(f.payload(), loader());
    }

    @Override
    public Object recv(Duration timeout) throws IOException, InterruptedException, TimeoutException {
        if (!poll(timeout)) {
            throw new TimeoutException("nothing received within " + timeout + " on the connection " + description);
        }
        return recv();
    }

    @Override
    public byte[] recvBytes() throws IOException, InterruptedException {
        return read().payload();
    }

    @Override
    public int recvBytesInto(byte[] buffer, int offset) throws IOException, InterruptedException {
        byte[] m = read().payload();
        int room = buffer.length - offset;
        if (offset < 0 || offset > buffer.length) {
            throw new IndexOutOfBoundsException("offset " + offset + " is outside the buffer of " + buffer.length + " bytes");
        }
        if (m.length > room) {
            throw new BufferTooShortException(m, room);
        }
        System.arraycopy(m, 0, buffer, offset, m.length);
        return m.length;
    }

    private Frame read() throws IOException, InterruptedException {
        checkOpen();
        try {
            return frames.receive();
        } catch (EOFException e) {
            if (e.getCause() instanceof ClosedByInterruptException || Thread.currentThread().isInterrupted()) {
                Thread.interrupted();
                closed = true;
                InterruptedException ie = new InterruptedException("interrupted while receiving; the connection "
                        + description + " is now closed");
                ie.initCause(e);
                throw ie;
            }
            throw e;
        }
    }

    @Override
    public boolean poll(Duration timeout) throws IOException, InterruptedException {
        checkOpen();
        if (frames.io() instanceof TlsChannel tls) {
            return pollTls(tls, timeout);
        }
        long millis = Math.max(0, timeout.toMillis());
        SocketChannel ch = frames.channel();
        synchronized (pollLock) {
            try (Selector selector = Selector.open()) {
                ch.configureBlocking(false);
                SelectionKey key = ch.register(selector, SelectionKey.OP_READ);
                try {
                    int n = millis == 0 && !timeout.isZero() ? selector.select(1)
                            : timeout.isZero() ? selector.selectNow() : selector.select(millis);
                    if (Thread.interrupted()) {
                        throw new InterruptedException("interrupted while polling " + description);
                    }
                    return n > 0;
                } finally {
                    key.cancel();
                    selector.selectNow();
                }
            } finally {
                if (ch.isOpen()) {
                    ch.configureBlocking(true);
                }
            }
        }
    }

    /**
     * Over TLS a readable socket does not mean a readable message (half a record, or a record that
     * carries no data), and a whole message may already be decoded and buffered while the socket
     * is quiet: so decode what arrives, and answer from the decoded bytes.
     */
    private boolean pollTls(TlsChannel tls, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
        SocketChannel ch = frames.channel();
        synchronized (pollLock) {
            if (tls.hasPlaintext()) {
                return true;
            }
            try (Selector selector = Selector.open()) {
                ch.configureBlocking(false);
                SelectionKey key = ch.register(selector, SelectionKey.OP_READ);
                try {
                    while (true) {
                        if (tls.pump() < 0 || tls.hasPlaintext()) {
                            return true; // data, or the end of the stream, which recv() then reports
                        }
                        long left = deadline - System.nanoTime();
                        if (left <= 0) {
                            return false;
                        }
                        selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                        selector.selectedKeys().clear();
                        if (Thread.interrupted()) {
                            throw new InterruptedException("interrupted while polling " + description);
                        }
                    }
                } finally {
                    key.cancel();
                    selector.selectNow();
                }
            } finally {
                if (ch.isOpen()) {
                    ch.configureBlocking(true);
                }
            }
        }
    }

    private static ClassLoader loader() {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return cl != null ? cl : SocketConnection.class.getClassLoader();
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the connection " + description + " is closed");
        }
    }

    @Override
    public boolean closed() {
        return closed;
    }

    @Override
    public boolean readable() {
        return true;
    }

    @Override
    public boolean writable() {
        return true;
    }

    @Override
    public void close() {
        closed = true;
        frames.close();
    }

    @Override
    public String toString() {
        return "SocketConnection[" + description + (closed ? ", closed" : "") + "]";
    }
}
