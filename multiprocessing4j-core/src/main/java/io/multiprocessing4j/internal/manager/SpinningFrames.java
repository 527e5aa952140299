package io.multiprocessing4j.internal.manager;

import io.multiprocessing4j.internal.wire.Frame;
import io.multiprocessing4j.internal.wire.FrameChannel;
import io.multiprocessing4j.internal.wire.OversizedFrameException;

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
 * <p>Implementation notes.
 * <ul>
 * <li>A manager call is a small request answered within microseconds, but on a VM waking a thread
 *     that sleeps in {@code read} on the other CPU costs tens of microseconds, which is most of a
 *     round trip (CPython's manager does 15 k ops/s unpinned, 65 k on one CPU, for that reason). So
 *     a reader first polls the socket for up to {@link #SPIN_NANOS} (default 50 µs,
 *     {@code -Dmp4j.manager.spinMicros}), then waits in a selector.</li>
 * <li>A spin only pays when the peer is running on another CPU. When it does not (an idle peer,
 *     or a loaded machine where the spinner takes the CPU from the very thread it waits for, which
 *     as two busy clients on two cores do), the reader sleeps at once for the next 1, 2, 4 ... 256
 *     waits, and tries a spin again after that; one spin that pays resets the back-off. The server
 *     also turns spinning off on both sides while too many connections are busy
 *     ({@link #spin(boolean)}).</li>
 * <li>Reads go through a 16 KiB buffer, so a small frame costs one {@code read}, not one for its
 *     header and one for its payload.</li>
 * <li>Writes are serialised by a lock; a full socket buffer waits in a second selector. Over TLS
 *     the bytes go through a {@code TlsChannel}, whose non-blocking reads return 0 until a whole
 *     record has arrived, so the same spin-then-select loop applies. Interrupting a reader wakes
 *     it with {@link InterruptedIOException}.</li>
 * </ul>
 */
final class SpinningFrames implements AutoCloseable {
    static final long SPIN_NANOS = Long.getLong("mp4j.manager.spinMicros", 50) * 1000;
    private static final int MAX_BACKOFF = 256;

    private final SocketChannel ch;
    /** The socket, or the TLS session over it: where bytes are read and written. */
    private final ByteChannel io;
    private final Selector readSelector;
    private Selector writeSelector;
    /** Bytes read but not yet parsed, in read mode: one read usually brings a whole frame. */
    private final ByteBuffer in = ByteBuffer.allocateDirect(16 * 1024).flip();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final FrameChannel.Filler filler = this::fill;
    private volatile boolean closed;
    /** Waits left that sleep at once, after a spin that did not pay off. */
    private int skipSpins;
    /** How many waits the next unpaid spin skips: doubles per miss, back to 1 after a hit. */
    private int backoff = 1;
    private volatile boolean spinAllowed = true;

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

    /**
     * Whether the reader may spin before it sleeps. The manager turns spinning off while more
     * connections are busy than the machine has cores for: a spinner then takes the CPU from the
     * thread it waits for.
     */
    void spin(boolean allowed) {
        spinAllowed = allowed;
    }

    /** Only one thread may receive at a time. */
    Frame receive() throws IOException {
        ensure(5);
        int length = in.getInt();
        byte type = in.get();
        byte[] payload;
        try {
            // the announced length is checked before anything is allocated, and the buffer grows
            // only as bytes arrive: a peer cannot make us allocate what it does not send
            payload = FrameChannel.readPayload(length, filler, ch);
        } catch (OversizedFrameException e) {
            close();
            throw e;
        }
        return new Frame(type, payload);
    }

    /** Copies what {@link #in} holds of a payload, then reads the rest straight into it. */
    private void fill(ByteBuffer b) throws IOException {
        int buffered = Math.min(in.remaining(), b.remaining());
        b.put(b.position(), in, in.position(), buffered);
        in.position(in.position() + buffered);
        b.position(b.position() + buffered);
        if (b.hasRemaining()) {
            readAtLeast(b, b.remaining());
        }
    }

    /** Makes {@code n} bytes readable in {@link #in}, reading as much as the socket has (one read, usually). */
    private void ensure(int n) throws IOException {
        if (in.remaining() >= n) {
            return;
        }
        in.compact();
        try {
            readAtLeast(in, n - in.position());
        } finally {
            in.flip();
        }
    }

    private void readAtLeast(ByteBuffer b, int minimum) throws IOException {
        int start = b.position();
        long spinUntil = 0;
        boolean spinning = false;
        while (b.position() - start < minimum) {
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
                if (spinning) {
                    backoff = 1; // the spin paid off
                    spinning = false;
                }
                continue;
            }
            long now = System.nanoTime();
            if (spinUntil == 0) {
                spinning = spinAllowed && skipSpins == 0;
                if (!spinning && skipSpins > 0) {
                    skipSpins--;
                }
                spinUntil = spinning ? now + SPIN_NANOS : now;
            }
            if (now < spinUntil) {
                Thread.onSpinWait();
                continue;
            }
            if (spinning) {
                // the spin did not pay: sleep at once for the next few waits, more after each miss
                spinning = false;
                skipSpins = backoff;
                backoff = Math.min(MAX_BACKOFF, backoff * 2);
            }
            try {
                readSelector.select();
                readSelector.selectedKeys().clear();
            } catch (java.nio.channels.ClosedSelectorException e) {
                throw new EOFException("connection closed");
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
