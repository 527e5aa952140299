package io.multiprocessing4j.queue;

/**
 * No room for the item in time: Python's {@code queue.Full}, thrown by {@code put(item, false, ..)},
 * {@code put(item, true, timeout)}, {@code putNowait} and {@code add} on a bounded queue.
 */
public class QueueFullException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public QueueFullException(String message) {
        super(message);
    }
}
