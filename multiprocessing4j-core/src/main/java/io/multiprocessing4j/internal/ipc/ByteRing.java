package io.multiprocessing4j.internal.ipc;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * A single-producer single-consumer byte stream in shared memory: one direction of a pipe.
 *
 * <p>Implementation notes. {@code head} (bytes ever written) belongs to the producer and
 * {@code tail} (bytes ever read) to the consumer; each lives on its own cache line and is published
 * with a volatile store after the bytes it covers are copied, so the other side never reads bytes
 * that are not there yet. Positions are monotonic {@code long}s and the capacity is a power of two,
 * so {@code pos & mask} is the offset and {@code head - tail} is the fill level. Frames are
 * {@code [int length][byte type][payload]}, encoded by {@link RingCodec}; a frame larger than the ring streams through it in
 * pieces, and large copies are published in steps of {@link #STEP} bytes so the reader starts
 * copying while the writer still writes. Waiting is {@link Waiting}. One thread at a time may write
 * and one may read (the connection serialises its callers).
 * <pre>
 *   0                   8                                                       64
 *   +-------------------+-------------------------------------------------------+
 *   | head (long)       | producer's line: bytes ever written                   |
 *   +-------------------+---------+---------+-----------------------------------+
 *   64                  68        72                                            128
 *   +---------+---------+---------------------------------------------------------+
 *   | data sig| its flag| wakes the consumer                                    |
 *   +---------+---------+---------------------------------------------------------+
 *   128                 136                                                     192
 *   +-------------------+-------------------------------------------------------+
 *   | tail (long)       | consumer's line: bytes ever read                      |
 *   +-------------------+---------+---------+-----------------------------------+
 *   192       196       200                                                     256
 *   +---------+---------+---------------------------------------------------------+
 *   |space sig| its flag| wakes the producer                                    |
 *   +---------+---------+---------------------------------------------------------+
 *   256: data, capacity bytes (a power of two), frames at position & (capacity - 1):
 *   +----------------+---------+------------------------------+
 *   | length (BE int)| type    | payload (length bytes)       |
 *   +----------------+---------+------------------------------+
 * </pre>
 */
public final class ByteRing {
    static final long HEAD = 0;
    static final long DATA_SIG = 64;
    static final long DATA_WAIT = 68;
    static final long TAIL = 128;
    static final long SPACE_SIG = 192;
    static final long SPACE_WAIT = 196;
    /** Bytes of the ring's header, before its data. */
    public static final long HEADER = 256;
    /** Bytes of a frame header: length then type. */
    public static final int FRAME_HEADER = RingCodec.FRAME_HEADER;
    private static final int STEP = 256 * 1024;
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private final MemorySegment seg;
    private final long base;
    private final long capacity;
    private final RingCodec codec;

    public ByteRing(MemorySegment seg, long base, long capacity) {
        this.codec = new RingCodec(seg, base + HEADER, capacity);
        this.seg = seg;
        this.base = base;
        this.capacity = capacity;
    }

    /** @return the bytes a ring of {@code capacity} occupies */
    public static long size(long capacity) {
        return HEADER + capacity;
    }

    private long head() {
        return (long) LONG.getVolatile(seg, base + HEAD);
    }

    private long tail() {
        return (long) LONG.getVolatile(seg, base + TAIL);
    }

    /** @return bytes written and not yet read */
    public long available() {
        return head() - tail();
    }

    // --- producer side ---------------------------------------------------------------------------

    /** Writes one frame, waiting for room as needed. */
    public void writeFrame(byte type, byte[] src, int off, int len, Waiting.Guard guard)
            throws IOException, InterruptedException {
        long head = head();
        head = awaitRoom(head, FRAME_HEADER, guard);
        codec.putHeader(head, len, type);
        head += FRAME_HEADER;
        int done = 0;
        while (done < len) {
            long free = capacity - (head - tail());
            if (free == 0) {
                publishHead(head);
                head = awaitRoom(head, 1, guard);
                free = capacity - (head - tail());
            }
            int n = (int) Math.min(Math.min(free, len - done), STEP);
            codec.copyIn(src, off + done, head, n);
            head += n;
            done += n;
            if (done < len) {
                publishHead(head);
            }
        }
        publishHead(head);
    }

    private long awaitRoom(long head, int need, Waiting.Guard guard) throws IOException, InterruptedException {
        if (capacity - (head - tail()) >= need) {
            return head;
        }
        Waiting.await(seg, base + SPACE_SIG, base + SPACE_WAIT, () -> capacity - (head - tail()) >= need,
                Waiting.FOREVER, guard);
        return head;
    }

    private void publishHead(long head) {
        LONG.setVolatile(seg, base + HEAD, head);
        Waiting.signal(seg, base + DATA_SIG, base + DATA_WAIT, false);
    }

    // --- consumer side ---------------------------------------------------------------------------

    /**
     * Waits until at least {@code n} bytes can be read.
     *
     * @return {@code false} on time-out
     */
    public boolean awaitReadable(int n, long deadline, Waiting.Guard guard) throws IOException, InterruptedException {
        if (available() >= n) {
            return true;
        }
        return Waiting.await(seg, base + DATA_SIG, base + DATA_WAIT, () -> available() >= n, deadline, guard);
    }

    /** Reads the next frame's length; call {@link #awaitReadable} for {@link #FRAME_HEADER} bytes first. */
    public int peekLength() {
        return codec.length(tail());
    }

    /** Reads the next frame's type. */
    public byte peekType() {
        return codec.type(tail());
    }

    /** Consumes the frame header. */
    public void skipHeader() {
        publishTail(tail() + FRAME_HEADER);
    }

    /** Reads {@code len} payload bytes into {@code dst}, waiting for the writer as needed. */
    public void readFully(byte[] dst, int off, int len, Waiting.Guard guard) throws IOException, InterruptedException {
        long tail = tail();
        int done = 0;
        while (done < len) {
            long avail = head() - tail;
            if (avail == 0) {
                awaitReadable(1, Waiting.FOREVER, guard);
                avail = head() - tail;
            }
            int n = (int) Math.min(Math.min(avail, len - done), STEP);
            codec.copyOut(tail, dst, off + done, n);
            tail += n;
            done += n;
            publishTail(tail);
        }
    }

    private void publishTail(long tail) {
        LONG.setVolatile(seg, base + TAIL, tail);
        Waiting.signal(seg, base + SPACE_SIG, base + SPACE_WAIT, false);
    }

    /** Wakes whoever waits on this ring (used when an end closes). */
    public void wakeAll() {
        Waiting.signalAlways(seg, base + DATA_SIG);
        Waiting.signalAlways(seg, base + SPACE_SIG);
    }
}
