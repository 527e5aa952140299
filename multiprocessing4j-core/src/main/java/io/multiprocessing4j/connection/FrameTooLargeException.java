package io.multiprocessing4j.connection;

/**
 * A message was larger than the maximum frame size ({@code -Dmp4j.maxFrameBytes}) and was
 * refused before it was sent. Only the call the message belongs to fails: a pool task whose
 * argument, function or result is too large fails with this exception, and the pool, connection or
 * manager goes on serving.
 *
 * <p>Raise the limit with {@code -Dmp4j.maxFrameBytes=<bytes>} on the parent's command line
 * (workers inherit it), or pass large data through {@code SharedMemory}.
 */
public class FrameTooLargeException extends IllegalArgumentException {
    /** The system property that sets the limit. */
    public static final String PROPERTY = "mp4j.maxFrameBytes";
    private static final long serialVersionUID = 1L;

    private final long size;
    private final long limit;

    /**
     * @param size the message's size in bytes
     * @param limit the maximum frame size in bytes
     */
    public FrameTooLargeException(long size, long limit) {
        this("message", size, limit);
    }

    /**
     * @param what what was too large, e.g. "the result of task 3"
     * @param size its size in bytes
     * @param limit the maximum frame size in bytes
     */
    public FrameTooLargeException(String what, long size, long limit) {
        super(what + " of " + size + " bytes exceeds the maximum frame size of " + limit
                + " bytes; raise it with -D" + PROPERTY + "=<bytes> on the parent's command line"
                + " (workers inherit it), or send large data through SharedMemory");
        this.size = size;
        this.limit = limit;
    }

    /** @return the refused message's size in bytes */
    public long size() {
        return size;
    }

    /** @return the maximum frame size in bytes */
    public long limit() {
        return limit;
    }
}
