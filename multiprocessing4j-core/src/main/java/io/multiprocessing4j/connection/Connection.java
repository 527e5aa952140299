package io.multiprocessing4j.connection;

import java.io.EOFException;
import java.io.IOException;
import java.time.Duration;

/**
 * One end of a two-way (or one-way) message channel between processes: Python's
 * {@code multiprocessing.connection.Connection}.
 *
 * <p>Ends come from {@code ctx.pipe(duplex)} / {@code Multiprocessing.pipe(duplex)} (shared-memory rings), or
 * from {@code Listener.accept()} / {@code Client.connect(..)} (sockets). Objects are serialized
 * with the context's serializer; byte messages travel as they are.
 *
 * <p><b>End of stream.</b> When the other end is closed, or the process holding it dies, receiving
 * throws {@link EOFException} (Python's {@code EOFError}) once the buffered messages are read: never
 * a hang.
 *
 * <p><b>Thread-safety.</b> One thread may send while another receives; concurrent senders (or
 * concurrent receivers) on the same end must synchronise themselves, as in Python.
 */
public interface Connection extends AutoCloseable {

    /**
     * Sends an object.
     *
     * @param value a serializable object, or null
     * @throws io.multiprocessing4j.spi.SerializationException if it cannot be serialized (nothing is sent)
     * @throws IOException if the other end is closed or gone
     * @throws IllegalStateException if this end is closed or not writable
     */
    void send(Object value) throws IOException;

    /**
     * Receives the next object, waiting as long as it takes.
     *
     * @return the object
     * @throws EOFException when the other end is closed or dead and nothing is left to read
     * @throws InterruptedException if interrupted while waiting
     */
    Object recv() throws IOException, InterruptedException;

    /**
     * Receives the next object, waiting at most {@code timeout}.
     *
     * @param timeout the longest wait
     * @return the object
     * @throws java.util.concurrent.TimeoutException if nothing arrived in time
     * @throws EOFException when the other end is closed or dead and nothing is left to read
     * @throws InterruptedException if interrupted while waiting
     */
    Object recv(Duration timeout) throws IOException, InterruptedException, java.util.concurrent.TimeoutException;

    /**
     * Whether there is something to read (a message, or end of stream), waiting at most {@code timeout}.
     *
     * @param timeout the longest wait; {@link Duration#ZERO} checks without waiting
     * @return {@code true} if {@code recv} would not block
     * @throws InterruptedException if interrupted while waiting
     */
    boolean poll(Duration timeout) throws IOException, InterruptedException;

    /** @return {@code true} if {@code recv} would not block now */
    default boolean poll() throws IOException, InterruptedException {
        return poll(Duration.ZERO);
    }

    /**
     * Sends {@code length} bytes of {@code buffer} from {@code offset} as one message.
     *
     * @throws IOException if the other end is closed or gone
     */
    void sendBytes(byte[] buffer, int offset, int length) throws IOException;

    /** Sends the whole array as one message. */
    default void sendBytes(byte[] buffer) throws IOException {
        sendBytes(buffer, 0, buffer.length);
    }

    /**
     * Receives one byte message.
     *
     * @throws EOFException when the other end is closed or dead and nothing is left to read
     * @throws InterruptedException if interrupted while waiting
     */
    byte[] recvBytes() throws IOException, InterruptedException;

    /**
     * Receives one byte message of at most {@code maxLength} bytes: Python's
     * {@code recv_bytes(maxlength)}. A longer message is read, dropped and reported with
     * {@link MessageTooLongException} (Python's {@code OSError}), and this end is closed; Python
     * leaves a duplex end writable, here it is closed.
     *
     * @param maxLength the longest message accepted, {@code >= 0}
     * @return the message
     * @throws MessageTooLongException if the message is longer than {@code maxLength}
     * @throws IllegalArgumentException if {@code maxLength} is negative
     * @throws EOFException when the other end is closed or dead and nothing is left to read
     * @throws InterruptedException if interrupted while waiting
     */
    default byte[] recvBytes(int maxLength) throws IOException, InterruptedException {
        if (maxLength < 0) {
            throw new IllegalArgumentException("maxLength must be >= 0, got " + maxLength + " (use recvBytes() for no limit)");
        }
        byte[] message = recvBytes();
        if (message.length > maxLength) {
            close();
            throw new MessageTooLongException(message.length, maxLength);
        }
        return message;
    }

    /**
     * Receives one byte message into {@code buffer} at {@code offset}.
     *
     * @return the message length
     * @throws BufferTooShortException if the message does not fit; it carries the message
     * @throws EOFException when the other end is closed or dead and nothing is left to read
     * @throws InterruptedException if interrupted while waiting
     */
    int recvBytesInto(byte[] buffer, int offset) throws IOException, InterruptedException;

    /** @return whether this end has been closed */
    boolean closed();

    /** @return whether this end has been closed: the same as {@link #closed()}, named like the other types' */
    default boolean isClosed() {
        return closed();
    }

    /** @return whether this end can receive */
    boolean readable();

    /** @return whether this end can send */
    boolean writable();

    /** Closes this end; the other end then reads end of stream. Idempotent. */
    @Override
    void close();
}
