package io.multiprocessing4j.pool;

import java.time.Duration;

/**
 * A task ran longer than its deadline ({@code taskTimeout}). Its worker was interrupted and, if
 * the task did not stop within the grace period, killed and replaced; the other tasks go on.
 */
public class TaskTimeoutException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final Duration timeout;

    /**
     * @param task a description of the task (its index and argument summary)
     * @param timeout the deadline it overran
     * @param worker the worker that ran it
     * @param killed whether the worker had to be killed
     */
    public TaskTimeoutException(String task, Duration timeout, String worker, boolean killed) {
        super(task + " exceeded its timeout of " + format(timeout) + " in " + worker
                + (killed ? "; the worker did not stop when interrupted and was killed and replaced"
                : "; it was interrupted"));
        this.timeout = timeout;
    }

    private static String format(Duration d) {
        return d.toMillis() >= 1000 && d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** @return the deadline the task overran */
    public Duration timeout() {
        return timeout;
    }
}
