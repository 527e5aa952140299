package io.multiprocessing4j.internal.worker;

import io.multiprocessing4j.internal.wire.ChunkLayout;
import io.multiprocessing4j.internal.wire.FrameChannel;

import java.util.Arrays;

/**
 * The results of the chunk a pool worker is running, held while every one of them is a number of
 * the same kind, to be sent as a column ({@link ChunkLayout}) when the chunk ends.
 *
 * <p>Implementation notes. Owned by the task thread and reused from chunk to chunk. Values are
 * held as their bits, so holding one costs no allocation; the boxes the function returned become
 * garbage at once. A chunk that turns out not to be a column is {@linkplain #spillTo spilled}: the
 * items held so far are written in the item layout, each with its own time, as they would have
 * been had the column never been tried.
 */
final class ResultColumn {
    /** Per item, at worst, in the item layout a spill writes: ok byte, nanos, length, tag and value. */
    private static final int SPILLED_ITEM_BYTES = 1 + 8 + 4 + 9;
    /** The chunk's header in a RESULTS frame, and the frame's own. */
    private static final int HEADER_BYTES = 1 + 4 + 8 + 1 + 4;

    private long[] nanos = new long[256];
    private long[] bits = new long[256];
    private byte layout = ChunkLayout.ITEMS;
    private int count;

    /**
     * Begins a chunk of {@code items} items.
     *
     * @return whether its results may be held as a column (false when there are none, or when too
     *         many to be sure a spill would fit in a frame)
     */
    boolean start(int items) {
        count = 0;
        layout = ChunkLayout.ITEMS;
        return items > 0 && HEADER_BYTES + (long) items * SPILLED_ITEM_BYTES <= FrameChannel.MAX_FRAME_BYTES;
    }

    /** @return whether {@code value} joined the column; false when it is not a number of the column's kind */
    boolean add(long itemNanos, Object value) {
        byte kind = ChunkLayout.of(value);
        if (kind == ChunkLayout.ITEMS || (count > 0 && kind != layout)) {
            return false;
        }
        if (count == nanos.length) {
            nanos = Arrays.copyOf(nanos, count * 2);
            bits = Arrays.copyOf(bits, count * 2);
        }
        layout = kind;
        nanos[count] = itemNanos;
        bits[count] = ChunkLayout.bits(kind, value);
        count++;
        return true;
    }

    /**
     * Sets the time of items {@code [from, count)}: {@code totalNanos} shared between them, for
     * items timed as one group ({@link ItemGroups}).
     */
    void spreadNanos(int from, long totalNanos) {
        int items = count - from;
        if (items <= 0) {
            return;
        }
        long each = totalNanos / items;
        Arrays.fill(nanos, from, count, each);
        nanos[from] += totalNanos - each * items; // the remainder first: the rest is one run
    }

    /** @return the column's kind; meaningful once a value was added */
    byte layout() {
        return layout;
    }

    /** Writes the items held so far in the item layout, and forgets them. */
    void spillTo(ResultBatch batch) {
        for (int i = 0; i < count; i++) {
            if (!batch.putScalarItem(nanos[i], ChunkLayout.box(layout, bits[i]))) {
                throw new IllegalStateException("a boxed number was not written as a scalar");
            }
        }
        count = 0;
    }

    /** Writes the items' nanos as runs (a group's items share one), then every value, and forgets them. */
    void writeTo(ResultBatch batch) {
        batch.putRuns(nanos, count);
        batch.putColumn(layout, bits, count);
        count = 0;
    }
}
