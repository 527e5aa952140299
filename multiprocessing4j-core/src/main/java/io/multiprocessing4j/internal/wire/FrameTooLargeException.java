package io.multiprocessing4j.internal.wire;

/**
 * A frame larger than the configured maximum was refused on the sending side: the public
 * {@link io.multiprocessing4j.connection.FrameTooLargeException}, thrown by the wire layer.
 */
public final class FrameTooLargeException extends io.multiprocessing4j.connection.FrameTooLargeException {
    private static final long serialVersionUID = 1L;

    public FrameTooLargeException(long size, long limit) {
        super(size, limit);
    }
}
