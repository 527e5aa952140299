package io.multiprocessing4j.connection;

/**
 * A byte message did not fit the buffer given to {@link Connection#recvBytesInto}: Python's
 * {@code BufferTooShort}. The message is not lost: {@link #message()} holds it.
 */
public class BufferTooShortException extends java.io.IOException {
    private static final long serialVersionUID = 1L;

    private final byte[] message;

    /**
     * @param message the whole message that did not fit
     * @param room how many bytes the buffer had from the offset
     */
    public BufferTooShortException(byte[] message, int room) {
        super("message of " + message.length + " bytes does not fit the " + room + " bytes left in the buffer;"
                + " the message is in BufferTooShortException.message()");
        this.message = message;
    }

    /** @return the message that did not fit */
    public byte[] message() {
        return message.clone();
    }
}
