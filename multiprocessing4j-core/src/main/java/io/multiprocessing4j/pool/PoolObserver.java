package io.multiprocessing4j.pool;

/**
 * Watches a pool's {@link PoolActivity}: added with {@link Pool#addObserver(PoolObserver)}.
 *
 * <p>Called on the pool's manager thread, one activity at a time, so it sees them in order. It must
 * return at once and never block: the pool waits for it. Hand the activity to another thread (and
 * drop it when that thread falls behind) rather than doing work here. An observer that throws is
 * removed.
 */
@FunctionalInterface
public interface PoolObserver {
    /** @param activity what happened */
    void onActivity(PoolActivity activity);
}
