package io.multiprocessing4j.internal.worker;

/**
 * Which items of a chunk read the clock: every one, or, for tiny items, one per group.
 *
 * <p>Implementation notes. A clock read ({@code System.nanoTime}) costs 20-30 ns on the virtual
 * machines this runs on, as much as the rest of a worker's work on an identity function over
 * boxed ints: one read per item was 40 % of a worker's time in {@code map} over a million ints.
 * So once items prove tiny (a group's mean under {@link #TINY_NANOS}), the next group is twice as
 * large, up to {@link #MAX_ITEMS}; a group whose mean is not tiny sets the size back to one. Each
 * item of a group is reported with the group's mean, so the totals the pool sizes its chunks
 * from stay exact; what is lost is which item of a group took the time, when one of a run of
 * tiny items is slow. A call with a deadline needs each item's own start (the pool compares it
 * with the deadline), so its chunks come flagged {@code exactTimes} and every item reads the clock.
 * Owned by the task thread; reused from chunk to chunk.
 */
final class ItemGroups {
    /** Items faster than this on average are timed in groups. */
    static final long TINY_NANOS = 1_000;
    /** The largest group: 64 tiny items run for at most 64 µs between clock reads. */
    static final int MAX_ITEMS = 64;

    private boolean exact;
    private int size = 1;
    private int first;

    /** Begins a chunk: its first item starts a group of one. */
    void startChunk(boolean exactTimes) {
        exact = exactTimes;
        size = 1;
        first = 0;
    }

    /** @return the first item of the group now open */
    int first() {
        return first;
    }

    /** @return whether item {@code i} ends the open group (then the clock is read) */
    boolean endsAt(int i) {
        return i - first + 1 >= size;
    }

    /** The open group ended with item {@code last}, {@code nanos} after it began. */
    void ended(int last, long nanos) {
        int items = last - first + 1;
        first = last + 1;
        if (!exact) {
            size = nanos < TINY_NANOS * items ? Math.min(size * 2, MAX_ITEMS) : 1;
        }
    }
}
