package io.multiprocessing4j.spi;

/**
 * A value could not be turned into bytes, or bytes could not be turned back into a value.
 *
 * <p>When a task, argument or queue item cannot be serialized, this is thrown in the caller's
 * thread before anything is sent, and the message names the path to the offending field, for
 * example {@code captured arg$1 -> Foo.socket (java.net.Socket is not Serializable)}.
 */
public class SerializationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message what failed and where */
    public SerializationException(String message) {
        super(message);
    }

    /**
     * @param message what failed and where
     * @param cause the underlying error
     */
    public SerializationException(String message, Throwable cause) {
        super(message, cause);
    }
}
