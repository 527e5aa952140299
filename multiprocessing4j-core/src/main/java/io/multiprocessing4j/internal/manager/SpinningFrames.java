package io.multiprocessing4j.internal.manager;

import io.multiprocessing4j.internal.wire.Frame;
import io.multiprocessing4j.internal.wire.FrameChannel;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The manager's frames ({@code [int32 length][byte type][payload]}, as {@link FrameChannel}) over a
 * non-blocking socket that spins briefly before it sleeps.
 *
 * <p>Implementation notes. A manager call is a small request answered within microseconds, but on
 * a VM waking a thread that sleeps in {@code read} on the other CPU costs tens of microseconds,
 * which is most of a round trip (CPython's manager does 15 k ops/s unpinned, 65 k on one CPU,
 * for that reason). So a reader first polls the socket for up to {@link #SPIN_NANOS} (default
 * 50 µs, {@code -Dmp4j.manager.spinMicros}), then waits in a selector. The spin is bounded, so
 * idle connections cost nothing, and adaptive: a connection whose spins keep ending in long sleeps (an
 * idle peer, or an overloaded machine where the peer is not running) spins less. Writes are serialised by a lock; a full socket buffer waits in
 * a second selector. Over TLS the bytes go through a {@code TlsChannel}, whose non-blocking reads
 * return 0 until a whole record has arrived, so the same spin-then-select loop applies. Interrupting a reader wakes it with {@link InterruptedIOException}.
 */
final class SpinningFrames implements AutoCloseable {
    static final long SPIN_NANOS = Long.getLong("mp4j.manager.spinMicros", 50) * 1000;
    private static final long MIN_SPIN_NANOS = Math.min(SPIN_NANOS, 2_000);

    private final SocketChannel ch;
    /** The socket, or the TLS session over it: where bytes are read and written. */
    private final ByteChannel io;
    private final Selector readSelector;
    private Selector writeSelector;
    private final ByteBuffer header = ByteBuffer.allocate(5);
    private final ReentrantLock writeLock = new ReentrantLock();
    private volatile boolean closed;
    /** Adapts like an adaptive mutex: doubles after a spin that paid off or just missed, halves after a long sleep. */
    private long spinBudget = SPIN_NANOS;

    SpinningFrames(FrameChannel authenticated) throws IOException {
        ch = authenticated.channel();
        io = authenticated.io();
        ch.configureBlocking(false);
        readSelector = Selector.open();
        ch.register(readSelector, SelectionKey.OP_READ);
    }

    SocketChannel channel() {
        return ch;
    }

    void send(Frame f) throws IOException {
        FrameChannel.checkSize(f.payload().length);
        ByteBuffer b = ByteBuffer.allocate(5 + f.payload().length);
        b.putInt(f.payload().length + 1).put(f.type()).put(f.payload()).flip();
        writeLock.lock();
        try {
            while (b.hasRemaining()) {
                if (io.write(b) == 0) {
                    awaitWritable();
                }
            }
        } finally {
            writeLock.unlock();
        }
    }

    private void awaitWritable() throws IOException {
        if (writeSelector == null) {
            writeSelector = Selector.open();
            ch.register(writeSelector, SelectionKey.OP_WRITE);
        }
        try {
            writeSelector.select(100);
            writeSelector.selectedKeys().clear();
        } catch (java.nio.channels.ClosedSelectorException e) {
            throw new EOFException("connection closed");
        }
        if (closed) {
            throw new EOFException("connection closed");
        }
    }

    /** Only one thread may receive at a time. */
    Frame receive() throws IOException {
        header.clear();
        readFully(header);
        header.flip();
        int length = header.getInt();
        byte type = header.get();
        if (length < 1) {
            throw new IOException("corrupt frame header: length " + length);
        }
        byte[] payload = new byte[length - 1];
        readFully(ByteBuffer.wrap(payload));
        return new Frame(type, payload);
    }

    private void readFully(ByteBuffer b) throws IOException {
        long spinUntil = 0;
        boolean spun = false;
        boolean slept = false;
        while (b.hasRemaining()) {
            int n;
            try {
                n = io.read(b);
            } catch (IOException e) {
                if (closed) {
                    throw new EOFException("connection closed");
                }
                EOFException eof = new EOFException("connection lost: " + e.getMessage());
                eof.initCause(e);
                throw eof;
            }
            if (n < 0) {
                throw new EOFException("connection closed by peer");
            }
            if (n > 0) {
                if (spun && !slept) {
                    spinBudget = Math.min(SPIN_NANOS, spinBudget * 2);
                }
                continue;
            }
            long now = System.nanoTime();
            if (spinUntil == 0) {
                spinUntil = now + spinBudget;
            }
            if (now < spinUntil) {
                spun = true;
                Thread.onSpinWait();
                continue;
            }
            try {
                readSelector.select();
                readSelector.selectedKeys().clear();
            } catch (java.nio.channels.ClosedSelectorException e) {
                throw new EOFException("connection closed");
            }
            if (!slept) {
                slept = true;
                // would a full-length spin have caught it? then spin longer next time, else shorter
                boolean nearMiss = System.nanoTime() - now < SPIN_NANOS;
                spinBudget = nearMiss ? Math.min(SPIN_NANOS, spinBudget * 2) : Math.max(MIN_SPIN_NANOS, spinBudget / 2);
            }
            if (closed) {
                throw new EOFException("connection closed");
            }
            if (Thread.interrupted()) {
                throw new InterruptedIOException("interrupted while waiting for the manager");
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            io.close();
        } catch (IOException ignored) {
            // best-effort
        }
        readSelector.wakeup();
        try {
            readSelector.close();
        } catch (IOException ignored) {
            // best-effort
        }
        Selector w = writeSelector;
        if (w != null) {
            w.wakeup();
            try {
                w.close();
            } catch (IOException ignored) {
                // best-effort
            }
        }
    }
}
