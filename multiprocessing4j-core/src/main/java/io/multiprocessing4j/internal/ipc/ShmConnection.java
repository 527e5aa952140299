package io.multiprocessing4j.internal.ipc;

import io.multiprocessing4j.connection.BufferTooShortException;
import io.multiprocessing4j.connection.Connection;
import io.multiprocessing4j.internal.serial.DefaultSerializer;

import java.io.EOFException;
import java.io.IOException;
import java.io.ObjectStreamException;
import java.io.Serial;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One end of a shared-memory pipe: what {@code Pipe.open(duplex)} returns in every context.
 *
 * <p>Implementation notes. One segment holds a header and one {@link ByteRing} per direction (one in all for a one-way pipe: the
 * left end reads it, the right end writes it, as Python's {@code Pipe(False)} returns
 * {@code (reader, writer)}). Every handle maps the segment itself, so each end can be closed on its
 * own. Serialized (passed to a child, a pool task or a pool initializer), an end becomes its name
 * and end number and re-attaches in the receiver; the sender's copy is then handed over: it stays
 * usable but no longer keeps the peer from seeing end of file, which is what Python users get by
 * closing the child's end in the parent. End of file is "no live process holds the other end, and
 * its bytes are all read". The last holder to close unlinks the name. Who holds which end is
 * counted in the attach table of {@link ShmFile}'s header page, one role per end.
 * <pre>
 *   0         4         8                   16                                    64
 *   +---------+---------+-------------------+-------------------------------------+
 *   | magic   | duplex  | ring capacity     | (spare)                             |
 *   +---------+---------+-------------------+-------------------------------------+
 *   64                       64 + ByteRing.size(capacity)
 *   +------------------------+------------------------+
 *   | ring 0 (ByteRing)      | ring 1 (duplex only)   |
 *   +------------------------+------------------------+
 *   duplex: end 0 writes ring 0 and reads ring 1, end 1 the reverse;
 *   one-way: end 0 (the reader) reads ring 0, end 1 (the writer) writes it.
 * </pre>
 */
public final class ShmConnection implements Connection, Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    private static final int MAGIC = 0x6d70_7031; // "mpp1"
    private static final long OFF_MAGIC = 0;
    private static final long OFF_DUPLEX = 4;
    private static final long OFF_CAPACITY = 8;
    private static final long OFF_RINGS = 64;
    private static final byte TYPE_OBJECT = 0;
    private static final byte TYPE_BYTES = 1;
    /** Bytes per direction, a power of two; the memory is only touched as it is used. */
    static final long DEFAULT_CAPACITY = Long.getLong("mp4j.pipe.ringBytes", 1L << 21);

    private final String name;
    private final int end;
    private final boolean duplex;
    private final transient ShmFile file;
    private final transient ByteRing in;
    private final transient ByteRing out;
    private final transient HandleGate gate;
    private final transient ReentrantLock sendLock = new ReentrantLock();
    private final transient ReentrantLock recvLock = new ReentrantLock();
    private transient volatile long lastLivenessCheck = System.nanoTime();

    private ShmConnection(ShmFile file, int end, boolean arrived) {
        this.file = file;
        this.name = file.name();
        this.end = end;
        MemorySegment seg = file.segment();
        if (seg.get(ValueLayout.JAVA_INT, OFF_MAGIC) != MAGIC) {
            file.close();
            throw new IllegalArgumentException("shared memory '" + name + "' is not a multiprocessing4j pipe");
        }
        this.duplex = seg.get(ValueLayout.JAVA_INT, OFF_DUPLEX) != 0;
        long capacity = seg.get(ValueLayout.JAVA_LONG, OFF_CAPACITY);
        ByteRing ring0 = new ByteRing(seg, OFF_RINGS, capacity);
        ByteRing ring1 = duplex ? new ByteRing(seg, OFF_RINGS + ByteRing.size(capacity), capacity) : null;
        if (duplex) {
            this.out = end == 0 ? ring0 : ring1;
            this.in = end == 0 ? ring1 : ring0;
        } else {
            this.in = end == 0 ? ring0 : null;
            this.out = end == 1 ? ring0 : null;
        }
        this.gate = new HandleGate(file, end, arrived, this);
    }

    /**
     * Creates a pipe and returns its two ends: {@code [left, right]}.
     *
     * @param duplex two-way; if {@code false}, the left end only receives and the right end only sends
     */
    public static ShmConnection[] open(boolean duplex) {
        return open(duplex, DEFAULT_CAPACITY);
    }

    static ShmConnection[] open(boolean duplex, long capacity) {
        String name = ShmFile.newName();
        try {
            ShmFile f = ShmFile.create(name, OFF_RINGS + ByteRing.size(capacity) * (duplex ? 2 : 1));
            MemorySegment seg = f.segment();
            seg.set(ValueLayout.JAVA_INT, OFF_DUPLEX, duplex ? 1 : 0);
            seg.set(ValueLayout.JAVA_LONG, OFF_CAPACITY, capacity);
            seg.set(ValueLayout.JAVA_INT, OFF_MAGIC, MAGIC);
            ShmConnection left = new ShmConnection(f, 0, false);
            ShmConnection right;
            try {
                right = new ShmConnection(ShmFile.attach(name), 1, false);
            } catch (IOException | RuntimeException e) {
                left.close();
                throw e;
            }
            return new ShmConnection[] {left, right};
        } catch (IOException e) {
            ShmFile.unlink(name);
            throw new UncheckedIOException("could not create a pipe in shared memory: " + e.getMessage(), e);
        }
    }

    /** @return the name of the shared-memory segment behind this pipe */
    public String segmentName() {
        return name;
    }

    // --- sending ---------------------------------------------------------------------------------

    @Override
    public void send(Object value) throws IOException {
        requireWritable();
        byte[] bytes = DefaultSerializer.INSTANCE.serialize(value); // fails here, in the caller, naming the field path
        write(TYPE_OBJECT, bytes, 0, bytes.length);
    }

    @Override
    public void sendBytes(byte[] buffer, int offset, int length) throws IOException {
        Objects.requireNonNull(buffer, "buffer must not be null");
        Objects.checkFromIndexSize(offset, length, buffer.length);
        requireWritable();
        write(TYPE_BYTES, buffer, offset, length);
    }

    private void requireWritable() {
        if (gate.isClosed()) {
            throw new IllegalStateException("this connection is closed");
        }
        if (out == null) {
            throw new IllegalStateException("this end of a one-way pipe only receives: send on the other end");
        }
    }

    private void write(byte type, byte[] src, int off, int len) throws IOException {
        if (!gate.enter()) {
            throw new IllegalStateException("this connection is closed");
        }
        sendLock.lock();
        try {
            out.writeFrame(type, src, off, len, this::checkWhileSending);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting for room in the pipe");
        } finally {
            sendLock.unlock();
            leave();
        }
    }

    private void checkWhileSending(boolean thorough) throws IOException {
        if (gate.isClosed()) {
            throw new IllegalStateException("this connection was closed while sending");
        }
        if (thorough && !file.held(1 - end, true)) {
            throw new IOException("the other end of the pipe was closed or its process died: nobody will read"
                    + " (broken pipe)");
        }
    }

    // --- receiving -------------------------------------------------------------------------------

    @Override
    public Object recv() throws IOException, InterruptedException {
        return recvObject(Waiting.FOREVER);
    }

    @Override
    public Object recv(Duration timeout) throws IOException, InterruptedException, TimeoutException {
        Object v = recvObject(Waiting.deadline(checkTimeout(timeout).toNanos()));
        if (v == TIMED_OUT) {
            throw new TimeoutException("nothing arrived within " + timeout);
        }
        return v;
    }

    private static final Object TIMED_OUT = new Object();

    private Object recvObject(long deadline) throws IOException, InterruptedException {
        byte[][] payload = new byte[1][];
        byte type = receive(deadline, payload, null, 0);
        if (type < 0) {
            return TIMED_OUT;
        }
        if (type == TYPE_BYTES) {
            return payload[0];
        }
        return DefaultSerializer.INSTANCE.deserialize(payload[0], loader());
    }

    @Override
    public byte[] recvBytes() throws IOException, InterruptedException {
        byte[][] payload = new byte[1][];
        receive(Waiting.FOREVER, payload, null, 0);
        return payload[0];
    }

    @Override
    public int recvBytesInto(byte[] buffer, int offset) throws IOException, InterruptedException {
        Objects.requireNonNull(buffer, "buffer must not be null");
        Objects.checkIndex(offset, buffer.length + 1);
        int[] len = new int[1];
        byte[][] payload = new byte[1][];
        receiveInto(buffer, offset, len, payload);
        if (payload[0] != null) {
            throw new BufferTooShortException(payload[0], buffer.length - offset);
        }
        return len[0];
    }

    private void receiveInto(byte[] buffer, int offset, int[] len, byte[][] tooLong)
            throws IOException, InterruptedException {
        enterForReading();
        recvLock.lock();
        try {
            in.awaitReadable(ByteRing.FRAME_HEADER, Waiting.FOREVER, this::checkWhileReceiving);
            int n = in.peekLength();
            in.skipHeader();
            if (n > buffer.length - offset) {
                byte[] all = new byte[n];
                in.readFully(all, 0, n, t -> checkMidMessage(t, n));
                tooLong[0] = all;
            } else {
                in.readFully(buffer, offset, n, t -> checkMidMessage(t, n));
            }
            len[0] = n;
        } finally {
            recvLock.unlock();
            leave();
        }
    }

    /** @return the frame type, or -1 on time-out */
    private byte receive(long deadline, byte[][] payload, byte[] unused, int unusedOff)
            throws IOException, InterruptedException {
        enterForReading();
        recvLock.lock();
        try {
            if (!in.awaitReadable(ByteRing.FRAME_HEADER, deadline, this::checkWhileReceiving)) {
                return -1;
            }
            int n = in.peekLength();
            byte type = in.peekType();
            if (n < 0) {
                throw new IOException("corrupt pipe '" + name + "': negative message length " + n);
            }
            in.skipHeader();
            byte[] b = new byte[n];
            in.readFully(b, 0, n, t -> checkMidMessage(t, n));
            payload[0] = b;
            return type;
        } finally {
            recvLock.unlock();
            leave();
        }
    }

    private void enterForReading() {
        if (in == null) {
            throw new IllegalStateException("this end of a one-way pipe only sends: receive on the other end");
        }
        if (!gate.enter()) {
            throw new IllegalStateException("this connection is closed");
        }
    }

    private void checkWhileReceiving(boolean thorough) throws IOException {
        if (gate.isClosed()) {
            throw new IllegalStateException("this connection was closed while receiving");
        }
        if (!file.held(1 - end, thorough)) {
            long left = in.available();
            if (left == 0) {
                throw new EOFException("end of file: the other end of the pipe was closed or its process died");
            }
            // bytes remain: either whole messages (read them) or the start of one that will never end
            throw new EOFException("end of file: the other end of the pipe was closed or its process died in the"
                    + " middle of a message (" + left + " bytes of it arrived; they are dropped)");
        }
    }

    private void checkMidMessage(boolean thorough, int length) throws IOException {
        if (gate.isClosed()) {
            throw new IllegalStateException("this connection was closed while receiving");
        }
        if (!file.held(1 - end, thorough)) {
            throw new EOFException("end of file: the other end of the pipe was closed or its process died in the"
                    + " middle of a message of " + length + " bytes; the part that arrived is dropped");
        }
    }

    @Override
    public boolean poll(Duration timeout) throws IOException, InterruptedException {
        checkTimeout(timeout);
        enterForReading();
        try {
            if (in.available() > 0) {
                return true;
            }
            if (timeout.isZero()) {
                long now = System.nanoTime();
                boolean thorough = now - lastLivenessCheck >= Waiting.SLICE_NANOS;
                if (thorough) {
                    lastLivenessCheck = now;
                }
                return !file.held(1 - end, thorough);
            }
            return in.awaitReadable(1, Waiting.deadline(timeout.toNanos()), this::checkWhileReceiving);
        } catch (EOFException e) {
            return true; // recv would not block: it reports end of file at once
        } finally {
            leave();
        }
    }

    private static Duration checkTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout must not be null; use recv() to wait without limit");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, got " + timeout);
        }
        return timeout;
    }

    private static ClassLoader loader() {
        ClassLoader l = Thread.currentThread().getContextClassLoader();
        return l != null ? l : ShmConnection.class.getClassLoader();
    }

    // --- state and lifecycle ---------------------------------------------------------------------

    @Override
    public boolean closed() {
        return gate.isClosed();
    }

    @Override
    public boolean readable() {
        return in != null;
    }

    @Override
    public boolean writable() {
        return out != null;
    }

    @Override
    public void close() {
        // wake our own blocked threads and the peer, which now may see end of file
        gate.close(() -> {
            if (in != null) {
                in.wakeAll();
            }
            if (out != null) {
                out.wakeAll();
            }
        }, 2, () -> { });
    }

    private void leave() {
        gate.leave();
    }

    @Override
    public String toString() {
        return "Connection[" + name + (end == 0 ? " left" : " right") + (duplex ? ", duplex" : ", one-way")
                + (closed() ? ", closed" : "") + "]";
    }

    // --- serialized form: re-attach by name ------------------------------------------------------

    @Serial
    private Object writeReplace() throws ObjectStreamException {
        if (!gate.enter()) {
            throw new java.io.NotSerializableException("a closed connection cannot be passed to another process");
        }
        try {
            gate.sending();
            gate.handOver(); // the receiver's copy is the one that counts now
            return new Ref(name, end);
        } finally {
            leave();
        }
    }

    private record Ref(String name, int end) implements Serializable {
        @Serial
        private Object readResolve() throws ObjectStreamException {
            try {
                return new ShmConnection(ShmFile.attach(name), end, true);
            } catch (IOException | IllegalArgumentException e) {
                var ex = new java.io.InvalidObjectException("cannot re-attach pipe end '" + name + "': " + e.getMessage());
                ex.initCause(e);
                throw ex;
            }
        }
    }
}
