package io.multiprocessing4j.connection;

/**
 * A received byte message was longer than the {@code maxLength} the receiver allowed: the
 * {@code OSError} of Python's {@code Connection.recv_bytes(maxlength)}. The message has been read
 * and dropped, and the receiving end is closed (a stream whose reader refused a message cannot be
 * trusted to be in step with its writer).
 */
public class MessageTooLongException extends java.io.IOException {
    private static final long serialVersionUID = 1L;

    private final int length;
    private final int maxLength;

    /**
     * @param length the message's length in bytes
     * @param maxLength the most the receiver allowed
     */
    public MessageTooLongException(int length, int maxLength) {
        super("bad message length: received " + length + " bytes, more than maxLength " + maxLength
                + "; the connection end is closed (raise maxLength, or use recvBytes() without a limit)");
        this.length = length;
        this.maxLength = maxLength;
    }

    /** @return the message's length in bytes */
    public int length() {
        return length;
    }

    /** @return the limit it exceeded */
    public int maxLength() {
        return maxLength;
    }
}
