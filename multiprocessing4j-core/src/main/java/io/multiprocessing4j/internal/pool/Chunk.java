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
    /** The items as the caller gave them: run by thread workers, summarised in reports. */
    final Object[] originals;
    /** The items serialized in the caller's thread (spawn workers), or null. */
    final EncodedItems encoded;
    /** Index within the chunk of the item that overran its deadline, or -1. */
    int timedOutItem = -1;

    Chunk(long id, Job job, long firstIndex, Object[] originals, EncodedItems encoded) {
        this.id = id;
        this.job = job;
        this.firstIndex = firstIndex;
        this.originals = originals;
        this.encoded = encoded;
    }

    int size() {
        return originals.length;
    }

    /** Items {@code [from, to)} of this chunk as a new chunk. */
    Chunk slice(long newId, int from, int to) {
        Object[] o = java.util.Arrays.copyOfRange(originals, from, to);
        EncodedItems e = encoded == null ? null : encoded.slice(from, to);
        return new Chunk(newId, job, firstIndex + from, o, e);
    }
}
