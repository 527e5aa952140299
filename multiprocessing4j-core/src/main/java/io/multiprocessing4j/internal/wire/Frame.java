package io.multiprocessing4j.internal.wire;

/**
 * One message on a worker connection: {@code [int32 length][byte type][payload]}, where
 * {@code length} counts the type byte and the payload. Types are listed in {@link FrameType}.
 *
 * @param type what the payload is
 * @param payload the bytes, never null
 */
public record Frame(byte type, byte[] payload) {
    public static final byte[] EMPTY = new byte[0];

    public static Frame of(byte type) {
        return new Frame(type, EMPTY);
    }
}
