package io.multiprocessing4j.internal.pool;

/**
 * Consecutive items of one job, sent to one worker together and run there in order. Each item
 * gets its own result, so a failure, a timeout or a crash touches only the item it happened to;
 * the rest of a chunk is re-sent as smaller chunks.
 *
 * <p>Touched only by the pool's manager thread once created.
 */
final class Chunk {
    final long id;
    final Job job;
    final long firstIndex;
    /**
     * The items as the caller gave them, {@code [from, from + size)} of this array: run by thread
     * workers, summarised in reports. A range of the job's array, not a copy: a million-item
     * {@code map} copied 4 MB of references per call into its chunks.
     */
    private final Object[] items;
    private final int from;
    private final int size;
    /** The items serialized in the caller's thread (spawn workers), or null. */
    final EncodedItems encoded;
    /** Set as it is sent: its call has a deadline, so each item's start must be exact (see {@code ItemGroups}). */
    boolean exactTimes;
    /** Index within the chunk of the item that overran its deadline, or -1. */
    int timedOutItem = -1;

    Chunk(long id, Job job, long firstIndex, Object[] originals, EncodedItems encoded) {
        this(id, job, firstIndex, originals, 0, originals.length, encoded);
    }

    /** A chunk of items {@code [from, from + size)} of {@code items}, which must not change afterwards. */
    Chunk(long id, Job job, long firstIndex, Object[] items, int from, int size, EncodedItems encoded) {
        this.id = id;
        this.job = job;
        this.firstIndex = firstIndex;
        this.items = items;
        this.from = from;
        this.size = size;
        this.encoded = encoded;
    }

    int size() {
        return size;
    }

    /** Item {@code i} of this chunk as the caller gave it. */
    Object original(int i) {
        java.util.Objects.checkIndex(i, size);
        return items[from + i];
    }

    /** Items {@code [from, to)} of this chunk as a new chunk. */
    Chunk slice(long newId, int from, int to) {
        java.util.Objects.checkFromToIndex(from, to, size);
        EncodedItems e = encoded == null ? null : encoded.slice(from, to);
        return new Chunk(newId, job, firstIndex + from, items, this.from + from, to - from, e);
    }
}
