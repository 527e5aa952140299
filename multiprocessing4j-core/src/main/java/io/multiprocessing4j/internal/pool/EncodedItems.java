package io.multiprocessing4j.internal.pool;

import io.multiprocessing4j.internal.serial.DefaultSerializer;
import io.multiprocessing4j.internal.wire.ChunkLayout;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Serialized items packed end to end in one array, or a range of such a packing: what a chunk
 * sends to a spawn worker.
 *
 * <p>Implementation notes. A {@code map} over a million small items used to hold a million
 * {@code byte[]}s for as long as the job ran; they outlived young collections and cost the caller's
 * JVM collections of well over 100 ms per million items. Packed, a job's items are two arrays
 * whatever their number. Ranges share the arrays, so slicing a chunk (to re-send the rest of it
 * after a crash) copies nothing. Immutable once built.
 *
 * <p>Items that are all boxed numbers of one kind ({@link #column}) are packed as a column instead
 * (see {@link ChunkLayout}): the raw values end to end in wire order, no offsets, no tags.
 */
final class EncodedItems {
    private final byte[] data;
    /** {@code offsets[i]} is where item {@code i} starts; {@code offsets[n]} is where the data ends; null for a column. */
    private final int[] offsets;
    /** {@link ChunkLayout#ITEMS} or the kind of column. */
    private final byte layout;
    private final int from;
    private final int to;

    private EncodedItems(byte[] data, int[] offsets, byte layout, int from, int to) {
        this.data = data;
        this.offsets = offsets;
        this.layout = layout;
        this.from = from;
        this.to = to;
    }

    /**
     * Packs {@code items} as a column when every one is an {@code Integer}, every one a {@code Long}
     * or every one a {@code Double}.
     *
     * @return the column, or null when the items are not all numbers of one kind
     */
    static EncodedItems column(Object[] items) {
        if (items.length == 0) {
            return null;
        }
        byte layout = ChunkLayout.of(items[0]);
        if (layout == ChunkLayout.ITEMS) {
            return null;
        }
        Class<?> kind = items[0].getClass();
        for (Object item : items) {
            if (item == null || item.getClass() != kind) {
                return null;
            }
        }
        int width = ChunkLayout.width(layout);
        if ((long) items.length * width > Integer.MAX_VALUE - 64) {
            return null;
        }
        byte[] data = new byte[items.length * width];
        for (int i = 0; i < items.length; i++) {
            ChunkLayout.put(layout, data, i * width, ChunkLayout.bits(layout, items[i]));
        }
        return new EncodedItems(data, null, layout, 0, items.length);
    }

    int size() {
        return to - from;
    }

    /** @return {@link ChunkLayout#ITEMS} or the kind of column these items are packed in */
    byte layout() {
        return layout;
    }

    /** Bytes of item {@code i} of this range. */
    int length(int i) {
        return offsets == null ? ChunkLayout.width(layout) : offsets[from + i + 1] - offsets[from + i];
    }

    /** Total bytes of the items in this range. */
    long bytes() {
        return offsets == null ? (long) (to - from) * ChunkLayout.width(layout) : offsets[to] - offsets[from];
    }

    /** Bytes {@link #writeTo} writes for the first {@code items} items of this range. */
    long wireBytes(int items) {
        if (offsets == null) {
            return (long) items * ChunkLayout.width(layout);
        }
        return 4L * items + offsets[from + items] - offsets[from];
    }

    /** Writes each item as {@code [int length][bytes]}, or a column's values end to end. */
    void writeTo(ByteBuffer out) {
        if (offsets == null) {
            int width = ChunkLayout.width(layout);
            out.put(data, from * width, (to - from) * width);
            return;
        }
        for (int i = from; i < to; i++) {
            int start = offsets[i];
            int length = offsets[i + 1] - start;
            out.putInt(length).put(data, start, length);
        }
    }

    /**
     * Writes each item as {@code [int length][bytes]} whatever the packing: a column's values are
     * written as the scalars {@code DefaultSerializer} makes of them. For machinery that knows only
     * the item layout (a {@code RemoteChunkRunner}).
     *
     * @return the bytes written
     */
    byte[] toItemLayout() {
        if (offsets != null) {
            ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(wireBytes(size())));
            writeTo(out);
            return out.array();
        }
        int width = ChunkLayout.width(layout);
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact((long) size() * (4 + DefaultSerializer.MAX_SCALAR_BYTES)));
        byte[] scalar = new byte[DefaultSerializer.MAX_SCALAR_BYTES];
        for (int i = from; i < to; i++) {
            int n = DefaultSerializer.writeScalar(ChunkLayout.get(layout, data, i * width), scalar, 0);
            out.putInt(n).put(scalar, 0, n);
        }
        return Arrays.copyOf(out.array(), out.position());
    }

    /** Calls {@code out} with the shipment id of each item that carries one (see {@code CodeShip}). */
    void forEachShipment(java.util.function.LongConsumer out) {
        if (offsets == null) {
            return; // numbers carry no code
        }
        for (int i = from; i < to; i++) {
            int start = offsets[i];
            if (offsets[i + 1] - start >= 9 && data[start] == io.multiprocessing4j.internal.codeship.CodeShip.TAG_SHIPPED) {
                out.accept(ByteBuffer.wrap(data, start + 1, 8).getLong());
            }
        }
    }

    /** Items {@code [start, end)} of this range, sharing the arrays. */
    EncodedItems slice(int start, int end) {
        return new EncodedItems(data, offsets, layout, from + start, from + end);
    }

    /** Packs items added one at a time. */
    static final class Builder {
        private byte[] data;
        private final int[] offsets;
        private int count;

        Builder(int items) {
            offsets = new int[items + 1];
            data = new byte[Math.max(16, items * 8)];
        }

        void add(byte[] item) {
            int at = offsets[count];
            if (at + item.length > data.length) {
                data = Arrays.copyOf(data, Math.max(data.length * 2, at + item.length));
            }
            System.arraycopy(item, 0, data, at, item.length);
            offsets[++count] = at + item.length;
        }

        /**
         * Packs {@code value} in place if it is a scalar {@code DefaultSerializer.writeScalar}
         * writes (no array per item); otherwise packs nothing.
         *
         * @return whether it was packed
         */
        boolean addScalar(Object value) {
            int at = offsets[count];
            if (at + DefaultSerializer.MAX_SCALAR_BYTES > data.length) {
                data = Arrays.copyOf(data, Math.max(data.length * 2, at + DefaultSerializer.MAX_SCALAR_BYTES));
            }
            int n = DefaultSerializer.writeScalar(value, data, at);
            if (n < 0) {
                return false;
            }
            offsets[++count] = at + n;
            return true;
        }

        EncodedItems build() {
            return new EncodedItems(data, offsets, ChunkLayout.ITEMS, 0, count);
        }
    }
}
