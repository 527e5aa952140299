package io.multiprocessing4j.internal.worker;

import io.multiprocessing4j.internal.serial.DefaultSerializer;
import io.multiprocessing4j.internal.wire.ChunkLayout;

import java.util.Arrays;

/**
 * The body of a {@code RESULTS} frame being built by a pool worker's task thread:
 * {@code [int chunk count]} then each chunk's results.
 *
 * <p>Implementation notes. A plain growable array owned by one thread. {@code ByteArrayOutputStream}
 * did this job before, but its methods are synchronized: with thirteen single-byte writes per
 * item, locking was a large share of a tiny item's cost. The count's four bytes are reserved up
 * front, so a finished batch is one copy, not two.
 */
final class ResultBatch {
    private static final int COUNT_BYTES = 4;
    private byte[] buf = new byte[4096];
    private int size = COUNT_BYTES;

    void putByte(int v) {
        ensure(1);
        buf[size++] = (byte) v;
    }

    void putInt(int v) {
        ensure(4);
        ChunkLayout.putInt(buf, size, v);
        size += 4;
    }

    void putLong(long v) {
        ensure(8);
        ChunkLayout.putLong(buf, size, v);
        size += 8;
    }

    /** Appends {@code values[0, count)}, eight bytes each. */
    void putLongs(long[] values, int count) {
        ensure(8L * count);
        for (int i = 0; i < count; i++, size += 8) {
            ChunkLayout.putLong(buf, size, values[i]);
        }
    }

    /**
     * Appends {@code values[0, count)} as runs of equal values: {@code [int runs]} then, per run,
     * {@code [int length][long value]}.
     */
    void putRuns(long[] values, int count) {
        int runs = 0;
        for (int i = 0; i < count; i++) {
            if (i == 0 || values[i] != values[i - 1]) {
                runs++;
            }
        }
        ensure(4 + 12L * runs);
        putInt(runs);
        for (int i = 0; i < count; ) {
            int j = i + 1;
            while (j < count && values[j] == values[i]) {
                j++;
            }
            putInt(j - i);
            putLong(values[i]);
            i = j;
        }
    }

    /** Appends {@code bits[0, count)} as the values of a column of kind {@code layout}. */
    void putColumn(byte layout, long[] bits, int count) {
        int width = ChunkLayout.width(layout);
        ensure((long) width * count);
        for (int i = 0; i < count; i++, size += width) {
            ChunkLayout.put(layout, buf, size, bits[i]);
        }
    }

    void put(byte[] bytes) {
        ensure(bytes.length);
        System.arraycopy(bytes, 0, buf, size, bytes.length);
        size += bytes.length;
    }

    /**
     * Appends one successful item {@code [1][nanos][length][value]} when {@code value} is a scalar
     * that {@link DefaultSerializer#writeScalar} writes in place, with no array of its own.
     *
     * @return whether it was appended (nothing is written otherwise)
     */
    boolean putScalarItem(long nanos, Object value) {
        ensure(1 + 8 + 4 + DefaultSerializer.MAX_SCALAR_BYTES);
        int n = DefaultSerializer.writeScalar(value, buf, size + 13);
        if (n < 0) {
            return false;
        }
        putByte(1);
        putLong(nanos);
        putInt(n);
        size += n;
        return true;
    }

    /** @return bytes of results held, not counting the chunk count */
    int size() {
        return size - COUNT_BYTES;
    }

    /** The frame body with {@code chunks} as its count; the batch is empty afterwards. */
    byte[] take(int chunks) {
        buf[0] = (byte) (chunks >>> 24);
        buf[1] = (byte) (chunks >>> 16);
        buf[2] = (byte) (chunks >>> 8);
        buf[3] = (byte) chunks;
        byte[] body = Arrays.copyOf(buf, size);
        size = COUNT_BYTES;
        return body;
    }

    /**
     * The frame body of the first {@code chunks} chunks, which end at {@code mark} (a {@link #size()}
     * taken before the next chunk began); the bytes after the mark stay, as the start of the next body.
     */
    byte[] takeBefore(int mark, int chunks) {
        int end = COUNT_BYTES + mark;
        byte[] body = Arrays.copyOf(buf, end);
        body[0] = (byte) (chunks >>> 24);
        body[1] = (byte) (chunks >>> 16);
        body[2] = (byte) (chunks >>> 8);
        body[3] = (byte) chunks;
        System.arraycopy(buf, end, buf, COUNT_BYTES, size - end);
        size -= mark;
        return body;
    }

    private void ensure(long more) {
        if (size + more > buf.length) {
            long want = Math.max(2L * buf.length, size + more);
            buf = Arrays.copyOf(buf, (int) Math.min(want, Integer.MAX_VALUE - 8));
        }
    }
}
