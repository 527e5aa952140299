package io.multiprocessing4j.pool;

/**
 * Told how a pool call advances: at most every 100 ms and once at the end. Called on a pool
 * thread of the pool's own process, never concurrently for one pool; keep it quick.
 */
@FunctionalInterface
public interface ProgressListener {
    /** @param progress the call's progress so far */
    void onProgress(Progress progress);
}
