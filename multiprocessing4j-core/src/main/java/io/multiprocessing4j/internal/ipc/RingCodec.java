package io.multiprocessing4j.internal.ipc;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

/**
 * The byte codec of every ring in shared memory (a pipe direction's {@link ByteRing} and a
 * queue's record ring): frames {@code [int length][byte type][payload]} at monotonic
 * {@code long} positions in a power-of-two data area, wrapping around its end.
 *
 * <p>Implementation notes. A position is a count of bytes ever written; {@code pos & mask} is its
 * offset in the data area, so the ring never needs to reset and {@code head - tail} is always
 * the fill level. The length is big-endian (the serializer's order, so a frame can be read by eye
 * in a hex dump); a length or a copy that crosses the end of the data area is split in two. The
 * codec does no synchronisation: the owner publishes positions (with a volatile store in
 * {@code ByteRing}, by its lock's commit in the queue).
 */
public final class RingCodec {
    /** Bytes of a frame header: the length, then the type. */
    public static final int FRAME_HEADER = 5;
    private static final ValueLayout.OfInt INT_BE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private final MemorySegment seg;
    private final long data;
    private final long capacity;
    private final long mask;

    /**
     * @param data offset of the data area in {@code seg}
     * @param capacity bytes of the data area, a power of two
     */
    public RingCodec(MemorySegment seg, long data, long capacity) {
        if (Long.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("ring capacity must be a power of two, got " + capacity);
        }
        this.seg = seg;
        this.data = data;
        this.capacity = capacity;
        this.mask = capacity - 1;
    }

    /** @return bytes of the data area */
    public long capacity() {
        return capacity;
    }

    /** Writes a frame header at {@code pos}. */
    public void putHeader(long pos, int length, byte type) {
        putInt(pos, length);
        putByte(pos + 4, type);
    }

    /** @return the length in the frame header at {@code pos} */
    public int length(long pos) {
        return getInt(pos);
    }

    /** @return the type in the frame header at {@code pos} */
    public byte type(long pos) {
        return getByte(pos + 4);
    }

    /** Copies {@code n} bytes of {@code src} from {@code off} to the ring at {@code pos}. */
    public void copyIn(byte[] src, int off, long pos, int n) {
        if (n == 0) {
            return;
        }
        long o = pos & mask;
        int first = (int) Math.min(n, capacity - o);
        MemorySegment.copy(src, off, seg, ValueLayout.JAVA_BYTE, data + o, first);
        if (first < n) {
            MemorySegment.copy(src, off + first, seg, ValueLayout.JAVA_BYTE, data, n - first);
        }
    }

    /** Copies {@code n} bytes of the ring at {@code pos} into {@code dst} from {@code off}. */
    public void copyOut(long pos, byte[] dst, int off, int n) {
        if (n == 0) {
            return;
        }
        long o = pos & mask;
        int first = (int) Math.min(n, capacity - o);
        MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, data + o, dst, off, first);
        if (first < n) {
            MemorySegment.copy(seg, ValueLayout.JAVA_BYTE, data, dst, off + first, n - first);
        }
    }

    /** Writes a big-endian int at {@code pos}. */
    public void putInt(long pos, int v) {
        long o = pos & mask;
        if (o + 4 <= capacity) {
            seg.set(INT_BE, data + o, v);
            return;
        }
        for (int i = 0; i < 4; i++) {
            putByte(pos + i, (byte) (v >>> (24 - 8 * i)));
        }
    }

    /** @return the big-endian int at {@code pos} */
    public int getInt(long pos) {
        long o = pos & mask;
        if (o + 4 <= capacity) {
            return seg.get(INT_BE, data + o);
        }
        int v = 0;
        for (int i = 0; i < 4; i++) {
            v = (v << 8) | (getByte(pos + i) & 0xff);
        }
        return v;
    }

    /** Writes a byte at {@code pos}. */
    public void putByte(long pos, byte b) {
        seg.set(ValueLayout.JAVA_BYTE, data + (pos & mask), b);
    }

    /** @return the byte at {@code pos} */
    public byte getByte(long pos) {
        return seg.get(ValueLayout.JAVA_BYTE, data + (pos & mask));
    }
}
