package io.multiprocessing4j.pool;

/**
 * A task threw a checked exception, which a synchronous pool call ({@link Pool#map},
 * {@link Pool#apply}) cannot throw as it is: the task's exception is the cause. Unchecked exceptions
 * are rethrown as their own type, with a {@code TaskFailedException} attached as a suppressed
 * exception saying which task and which worker.
 */
public class TaskFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message which task failed, in which worker
     * @param cause the task's exception
     */
    public TaskFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
