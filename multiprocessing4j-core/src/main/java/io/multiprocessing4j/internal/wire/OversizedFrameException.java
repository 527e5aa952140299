package io.multiprocessing4j.internal.wire;

import java.io.IOException;

/**
 * A peer announced a frame longer than this JVM accepts ({@code -Dmp4j.maxFrameBytes}): the frame
 * is refused before anything is allocated for it, and the connection, whose stream can no longer
 * be followed, is closed.
 */
public final class OversizedFrameException extends IOException {
    private static final long serialVersionUID = 1L;

    public OversizedFrameException(long announced, long limit, Object where) {
        super("refused a frame of " + announced + " bytes announced by the peer of " + where + ": the limit is " + limit
                + " bytes (-D" + FrameChannel.MAX_FRAME_PROPERTY + "); the connection is closed");
    }
}
