package io.multiprocessing4j.internal.wire;

/** A frame larger than the configured maximum was refused on the sending side. */
public final class FrameTooLargeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public FrameTooLargeException(long size, long limit) {
        super("message of " + size + " bytes exceeds the maximum frame size of " + limit
                + " bytes; raise it with -D" + FrameChannel.MAX_FRAME_PROPERTY + "=<bytes> in every JVM"
                + " (workers inherit it), or send large data through SharedMemory");
    }
}
