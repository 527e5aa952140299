package io.multiprocessing4j.queue;

/**
 * The queue handle was closed in this process: Python's {@code ValueError: Queue is closed}.
 * Thrown by any call on a closed handle, and by a call that was blocked in it when another
 * thread closed it. Other processes' handles are not affected.
 */
public class QueueClosedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public QueueClosedException(String message) {
        super(message);
    }
}
