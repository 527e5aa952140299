package io.multiprocessing4j.pool;

/**
 * What a pool does with a task whose worker died under it (SIGKILL, {@code System.exit},
 * {@code Runtime.halt}, out of memory, a native crash).
 *
 * <p>By default ({@link #none()}) the task fails with a
 * {@link io.multiprocessing4j.process.WorkerCrashedException}. With {@link #retries(int)} it is run
 * again on another worker up to that many times; a task that has killed {@code retries + 1}
 * workers is quarantined and fails with its whole crash history. Timeouts are never retried.
 * Immutable.
 *
 * @param maxRetries how many times a crashed task is run again
 */
public record RetryPolicy(int maxRetries) {
    public RetryPolicy {
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0, got " + maxRetries);
        }
    }

    /** @return fail a task at its first crash (the default) */
    public static RetryPolicy none() {
        return new RetryPolicy(0);
    }

    /**
     * @param maxRetries how many times to run a crashed task again
     * @return the policy
     */
    public static RetryPolicy retries(int maxRetries) {
        return new RetryPolicy(maxRetries);
    }
}
