package io.multiprocessing4j.queue;

import java.util.NoSuchElementException;

/**
 * Nothing could be taken in time: Python's {@code queue.Empty}, thrown by
 * {@code get(false, ..)}, {@code get(true, timeout)} and {@code getNowait()}.
 */
public class QueueEmptyException extends NoSuchElementException {
    private static final long serialVersionUID = 1L;

    public QueueEmptyException(String message) {
        super(message);
    }
}
