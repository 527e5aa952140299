package io.multiprocessing4j.manager;

/**
 * A proxy call could not reach its manager: the manager was shut down, its process died, or its
 * connection broke. Thrown promptly, never after a hang. Whether the failed call took effect on
 * the manager is unknown when the connection broke mid-call; the message says which call it was.
 */
public class ManagerUnavailableException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public ManagerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
