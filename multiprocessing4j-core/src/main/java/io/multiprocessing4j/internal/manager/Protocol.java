package io.multiprocessing4j.internal.manager;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The manager's frame types and payload helpers.
 *
 * <p>Implementation notes. Every request gets exactly one reply ({@link #OK}, {@link #PROXY} or
 * {@link #ERROR}) on the same connection, except {@link #DECREF}, which is sent on the session's
 * control connection and answered by nothing: a garbage-collected proxy must not wait for the server.
 * Payloads start with fixed fields written by {@link DataOutputStream}; a trailing serialized value,
 * when there is one, fills the rest of the frame.
 */
final class Protocol {
    private Protocol() {
    }

    // client -> server
    /** {@code [utf session id][byte control]}; reply OK(server id). */
    static final byte HELLO = 1;
    /** {@code [long object id][utf method key][serialized argument list]}. */
    static final byte CALL = 2;
    /** {@code [long object id][serialized function]}: run the function on the object, under its lock. */
    static final byte APPLY = 3;
    /** {@code [utf type name][serialized argument list]}; reply PROXY. */
    static final byte CREATE = 4;
    /** {@code [long object id]}; no reply. */
    static final byte DECREF = 5;
    /** {@code [long object id]}: take the object's server-side lock for this connection. */
    static final byte LOCK = 6;
    /** {@code [long object id]}. */
    static final byte UNLOCK = 7;
    /** {@code [long object id]}; reply OK(long token): a reference reserved for a serialized proxy. */
    static final byte TRANSFER = 8;
    /** {@code [long token][long object id]}: a deserialized proxy takes over its reserved reference. */
    static final byte ADOPT = 9;
    /** {@code [utf type name][utf interface name][serialized supplier]}. */
    static final byte REGISTER = 10;
    /** Stop the server; reply OK first. */
    static final byte SHUTDOWN = 11;
    /** Reply OK(int): how many objects the server holds (Python's {@code _number_of_objects}). */
    static final byte COUNT = 12;

    /**
     * A call with one function argument sent apart, so the server can reuse its decoded form:
     * {@code [long object id][utf method key][int function index][int length][function bytes][argument list]}.
     */
    static final byte CALL_FN = 13;
    /**
     * Classes and static values that a later function needs, shipped by value (JShell snippets,
     * generated classes): the payload of a {@code DEFINE_CLASSES} frame, see {@code internal.codeship}.
     */
    static final byte DEFINE_CLASSES = 14;

    // server -> client
    static final byte OK = 50;
    /** {@code [long object id][utf type name][utf interface name]}. */
    static final byte PROXY = 51;
    /** {@code RemoteErrors.encode(..)}. */
    static final byte ERROR = 52;

    /**
     * Set on a reply's type while the server has more busy connections than the machine has cores
     * for two spinners each: the client should then sleep at once instead of spinning for the next
     * reply, leaving the CPU to the threads that do the work.
     */
    static final byte CROWDED = (byte) 0x80;

    static byte[] fields(Writer w) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
            DataOutputStream out = new DataOutputStream(bytes);
            w.write(out);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static DataInputStream in(byte[] payload) {
        return new DataInputStream(new java.io.ByteArrayInputStream(payload));
    }

    /**
     * The bytes left after the fixed fields: the serialized value. Streams from {@link #in} know
     * exactly how much is left; {@code readAllBytes()} would allocate and zero a 16 KiB scratch
     * buffer per call, which was the largest cost of a manager call on the server.
     */
    static byte[] rest(DataInputStream in) throws IOException {
        byte[] rest = new byte[in.available()];
        in.readFully(rest);
        return rest;
    }

    @FunctionalInterface
    interface Writer {
        void write(DataOutputStream out) throws IOException;
    }
}
