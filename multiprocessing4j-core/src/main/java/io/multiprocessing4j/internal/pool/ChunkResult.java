package io.multiprocessing4j.internal.pool;

/**
 * What a worker reports for one chunk: per item a value or an exception, and how long it ran.
 *
 * @param chunkId the chunk
 * @param values item values (null where the item failed)
 * @param errors item exceptions (null where the item succeeded); null itself when every item succeeded
 * @param nanos how long each item ran in the worker
 */
record ChunkResult(long chunkId, Object[] values, Throwable[] errors, long[] nanos) {
    /** @return item {@code i}'s exception, or null when it succeeded */
    Throwable error(int i) {
        return errors == null ? null : errors[i];
    }
}
