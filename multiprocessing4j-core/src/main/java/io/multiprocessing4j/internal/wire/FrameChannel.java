package io.multiprocessing4j.internal.wire;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ByteChannel;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Length-prefixed frames over a connected, blocking socket channel, or over a pair of one-way
 * channels (the named pipes between a parent and its worker JVMs).
 *
 * <p>Implementation notes. One thread reads ({@link #receive()}); any number of threads write,
 * serialised by a lock so frames never interleave. {@link #sendAll(List)} packs several frames
 * into one gathering write, which is how the pool dispatcher batches tasks. The size limit is
 * checked before anything is written, so an oversized message fails in the sender and leaves the
 * connection usable. The reader checks the announced length against the same limit before it
 * allocates, and allocates at most {@link #EAGER_BYTES} ahead of the bytes that have arrived
 * ({@link #readPayload}): a peer that announces a gigabyte and sends nothing costs nothing.
 */
public final class FrameChannel implements AutoCloseable {
    public static final String MAX_FRAME_PROPERTY = "mp4j.maxFrameBytes";
    public static final int MAX_FRAME_BYTES = Integer.getInteger(MAX_FRAME_PROPERTY, Integer.MAX_VALUE - 64);
    /** How much of a payload is allocated before its bytes arrive; beyond, the buffer doubles as they do. */
    static final int EAGER_BYTES = 1 << 20;

    /** Reads bytes into a buffer, all of them or fail. */
    @FunctionalInterface
    public interface Filler {
        void fill(ByteBuffer b) throws IOException;
    }

    /** The socket, for readiness selection; null for a pair of pipes. */
    private final SocketChannel channel;
    /** What bytes go through: the socket itself, or a TLS session over it. */
    private final ByteChannel io;
    /** Where frames are read from and written to: both {@link #io}, or the two pipes. */
    private final ReadableByteChannel in;
    private final WritableByteChannel out;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ByteBuffer readHeader = ByteBuffer.allocateDirect(5);
    private final ByteBuffer writeHeader = ByteBuffer.allocateDirect(5);
    private final Filler filler = this::readFully;

    public FrameChannel(SocketChannel channel) {
        this(channel, channel);
    }

    /**
     * Frames over {@code io}, a byte channel layered on {@code channel} (TLS); {@link #channel()}
     * stays the socket, for readiness selection.
     */
    public FrameChannel(SocketChannel channel, ByteChannel io) {
        this.channel = channel;
        this.io = io;
        this.in = io;
        this.out = io;
    }

    /**
     * Frames read from {@code in} and written to {@code out}: two one-way pipes. {@link #io()} and
     * {@link #channel()} are null; closing closes both.
     */
    public FrameChannel(ReadableByteChannel in, WritableByteChannel out) {
        this.channel = null;
        this.io = null;
        this.in = in;
        this.out = out;
    }

    /** @return the byte channel frames travel through: the socket, or a TLS session over it */
    public ByteChannel io() {
        return io;
    }

    public SocketChannel channel() {
        return channel;
    }

    /** Refuses a payload over the limit; call before doing anything that cannot be undone. */
    public static void checkSize(long payloadBytes) {
        if (payloadBytes + 1 > MAX_FRAME_BYTES) {
            throw new FrameTooLargeException(payloadBytes, MAX_FRAME_BYTES);
        }
    }

    public void send(Frame frame) throws IOException {
        checkSize(frame.payload().length);
        writeLock.lock();
        try {
            writeHeader.clear();
            writeHeader.putInt(frame.payload().length + 1).put(frame.type()).flip();
            ByteBuffer body = ByteBuffer.wrap(frame.payload());
            if (!(out instanceof GatheringByteChannel gathering) || io != channel) {
                writeLayered(writeHeader, body);
                return;
            }
            ByteBuffer[] parts = {writeHeader, body};
            while (body.hasRemaining() || writeHeader.hasRemaining()) {
                gathering.write(parts);
            }
        } finally {
            writeLock.unlock();
        }
    }

    public void sendAll(List<Frame> frames) throws IOException {
        if (frames.size() == 1) {
            send(frames.getFirst());
            return;
        }
        ByteBuffer[] parts = new ByteBuffer[frames.size() * 2];
        int i = 0;
        for (Frame f : frames) {
            checkSize(f.payload().length);
            ByteBuffer h = ByteBuffer.allocate(5);
            h.putInt(f.payload().length + 1).put(f.type()).flip();
            parts[i++] = h;
            parts[i++] = ByteBuffer.wrap(f.payload());
        }
        writeLock.lock();
        try {
            if (!(out instanceof GatheringByteChannel gathering) || io != channel) {
                writeLayered(parts);
                return;
            }
            ByteBuffer last = parts[parts.length - 1];
            while (last.hasRemaining() || parts[parts.length - 2].hasRemaining()) {
                gathering.write(parts);
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** A layered channel (TLS) takes one buffer per write: join the parts so a frame is one record. */
    private void writeLayered(ByteBuffer... parts) throws IOException {
        int total = 0;
        for (ByteBuffer p : parts) {
            total += p.remaining();
        }
        ByteBuffer all = ByteBuffer.allocate(total);
        for (ByteBuffer p : parts) {
            all.put(p);
        }
        all.flip();
        while (all.hasRemaining()) {
            out.write(all);
        }
    }

    /**
     * Reads the next frame; only one thread may call this.
     *
     * @throws EOFException when the peer closed the connection or died
     */
    public Frame receive() throws IOException {
        readHeader.clear();
        readFully(readHeader);
        readHeader.flip();
        int length = readHeader.getInt();
        byte type = readHeader.get();
        byte[] payload;
        try {
            payload = readPayload(length, filler, channel != null ? channel : "the worker pipe " + in);
        } catch (OversizedFrameException e) {
            close();
            throw e;
        }
        return new Frame(type, payload);
    }

    /**
     * Reads the payload of a frame whose header announced {@code length} (type byte included): checks
     * the length against {@link #MAX_FRAME_BYTES} first, then allocates as the bytes arrive.
     *
     * @param where the connection, named in the error (its {@code toString} is only called then)
     * @throws OversizedFrameException over the limit (the caller closes the connection)
     */
    public static byte[] readPayload(int length, Filler in, Object where) throws IOException {
        if (length < 1) {
            throw new IOException("corrupt frame header from " + where + ": length " + length);
        }
        if (length > MAX_FRAME_BYTES) {
            throw new OversizedFrameException(length, MAX_FRAME_BYTES, where);
        }
        int n = length - 1;
        byte[] payload = new byte[Math.min(n, EAGER_BYTES)];
        int filled = 0;
        while (true) {
            in.fill(ByteBuffer.wrap(payload, filled, payload.length - filled));
            filled = payload.length;
            if (filled == n) {
                return payload;
            }
            payload = java.util.Arrays.copyOf(payload, (int) Math.min(n, 2L * filled));
        }
    }

    private void readFully(ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            int n;
            try {
                n = in.read(b);
            } catch (ClosedChannelException e) {
                throw new EOFException("connection closed");
            } catch (IOException e) {
                // ECONNRESET and friends: the peer is gone, which callers treat as end of stream
                EOFException eof = new EOFException("connection lost: " + e.getMessage());
                eof.initCause(e);
                throw eof;
            }
            if (n < 0) {
                throw new EOFException("connection closed by peer");
            }
        }
    }

    @Override
    public void close() {
        closeQuietly(in);
        if (out != in) {
            closeQuietly(out);
        }
    }

    private static void closeQuietly(java.nio.channels.Channel c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing is best-effort
        }
    }
}
