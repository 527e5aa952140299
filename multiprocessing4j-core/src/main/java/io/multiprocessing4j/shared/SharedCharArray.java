package io.multiprocessing4j.shared;

import io.multiprocessing4j.spi.LocalBackends;
import io.multiprocessing4j.spi.SharedSegment;
import io.multiprocessing4j.sync.ProcessRLock;

import java.io.Serial;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Python's {@code multiprocessing.Array('c', n)} (and {@code RawArray('c', n)}): a fixed-length
 * buffer of C {@code char}s, that is bytes (not Java's 16-bit {@code char}), in shared memory; a
 * shared string buffer that every process holding this handle reads and writes.
 *
 * <p>As in Python:
 * <ul>
 * <li>{@link #value()} is the bytes up to the first zero byte (all of them if there is none);
 *     {@link #setValue(byte[])} copies the bytes in and, when they are shorter than the buffer,
 *     writes a zero byte after them (the rest of the buffer is left as it was);</li>
 * <li>{@link #raw()} is every byte of the buffer; {@link #setRaw(byte[])} copies the bytes in and
 *     writes no terminator;</li>
 * <li>both setters refuse bytes longer than the buffer with {@link IllegalArgumentException}
 *     (Python's {@code ValueError: byte string too long}).</li>
 * </ul>
 * {@link #getString()} and {@link #setString(String)} are {@code value} and {@code setValue} with
 * UTF-8 text. On a synchronized buffer ({@code ctx.sharedCharArray(..)}) these four whole-buffer
 * methods hold {@link #getLock()} (a {@link ProcessRLock}) while they copy, as Python's synchronized
 * wrapper does, so a reader never sees half of a write; a raw buffer
 * ({@code ctx.rawSharedCharArray(..)}) has no lock and gives no such promise. Single-byte
 * {@link #get}/{@link #set} are atomic accesses. Indices outside {@code [0, length())} throw
 * {@link IndexOutOfBoundsException}.
 *
 * <p>Thread-safe; {@code Serializable}: passed to another process it re-attaches by name.
 */
public final class SharedCharArray extends SharedHandle {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final VarHandle H = ValueLayout.JAVA_BYTE.varHandle();
    private static final long DATA = 64;

    private final int length;
    private final transient MemorySegment data;

    private SharedCharArray(SharedSegment file, int length, ProcessRLock lock) {
        super(file, lock);
        this.length = length;
        this.data = file.segment().asSlice(DATA, length);
    }

    /** @return a new zero-filled buffer of {@code length} bytes with its own lock (Python's {@code Array('c', n)}) */
    public static SharedCharArray create(int length) {
        return create(length, true);
    }

    /** @return a new zero-filled buffer of {@code length} bytes without a lock (Python's {@code RawArray('c', n)}) */
    public static SharedCharArray createRaw(int length) {
        return create(length, false);
    }

    /**
     * @return a new buffer exactly as long as {@code initial}, holding a copy of it, with its own lock
     *         (Python's {@code Array('c', b'hello')})
     */
    public static SharedCharArray of(byte[] initial) {
        SharedCharArray a = create(initial.length, true);
        a.setRaw(initial);
        return a;
    }

    /** @return a new buffer holding the UTF-8 bytes of {@code initial}, exactly as long, with its own lock */
    public static SharedCharArray of(String initial) {
        return of(initial.getBytes(StandardCharsets.UTF_8));
    }

    private static SharedCharArray create(int length, boolean withLock) {
        if (length < 0) {
            throw new IllegalArgumentException("length must be >= 0, got " + length);
        }
        return new SharedCharArray(LocalBackends.get().segment(DATA + Math.max(1, length)), length,
                withLock ? ProcessRLock.create() : null);
    }

    private long off(int i) {
        if (i < 0 || i >= length) {
            throw new IndexOutOfBoundsException("index " + i + " is outside " + this + " of length " + length);
        }
        return i;
    }

    /** @return the number of bytes in the buffer */
    public int length() {
        return length;
    }

    /** @return byte {@code i} (Python's {@code arr[i]}) */
    public byte get(int i) {
        return (byte) H.getVolatile(data, off(i));
    }

    /** Sets byte {@code i}. */
    public void set(int i, byte value) {
        H.setVolatile(data, off(i), value);
    }

    /** @return the bytes before the first zero byte, or all of them (Python's {@code .value}) */
    public byte[] value() {
        lock();
        try {
            long end = 0;
            while (end < length && data.get(ValueLayout.JAVA_BYTE, end) != 0) {
                end++;
            }
            return data.asSlice(0, end).toArray(ValueLayout.JAVA_BYTE);
        } finally {
            unlock();
        }
    }

    /**
     * Copies {@code bytes} to the start of the buffer, then a zero byte if they are shorter than it
     * (Python's {@code .value = b'..'}).
     *
     * @throws IllegalArgumentException if {@code bytes} is longer than the buffer
     */
    public void setValue(byte[] bytes) {
        checkFits(bytes);
        lock();
        try {
            MemorySegment.copy(bytes, 0, data, ValueLayout.JAVA_BYTE, 0, bytes.length);
            if (bytes.length < length) {
                data.set(ValueLayout.JAVA_BYTE, bytes.length, (byte) 0);
            }
        } finally {
            unlock();
        }
    }

    /** @return a copy of every byte of the buffer (Python's {@code .raw}) */
    public byte[] raw() {
        lock();
        try {
            return data.toArray(ValueLayout.JAVA_BYTE);
        } finally {
            unlock();
        }
    }

    /**
     * Copies {@code bytes} to the start of the buffer, without a terminator (Python's {@code .raw = b'..'}).
     *
     * @throws IllegalArgumentException if {@code bytes} is longer than the buffer
     */
    public void setRaw(byte[] bytes) {
        checkFits(bytes);
        lock();
        try {
            MemorySegment.copy(bytes, 0, data, ValueLayout.JAVA_BYTE, 0, bytes.length);
        } finally {
            unlock();
        }
    }

    /** @return {@link #value()} decoded as UTF-8 */
    public String getString() {
        return new String(value(), StandardCharsets.UTF_8);
    }

    /**
     * {@link #setValue(byte[])} with the UTF-8 bytes of {@code text}.
     *
     * @throws IllegalArgumentException if they are longer than the buffer
     */
    public void setString(String text) {
        setValue(text.getBytes(StandardCharsets.UTF_8));
    }

    /** @return the buffer as a memory segment of {@code length()} bytes */
    public MemorySegment segment() {
        return data;
    }

    private void checkFits(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes must not be null");
        if (bytes.length > length) {
            throw new IllegalArgumentException("byte string too long: " + bytes.length + " bytes for " + this);
        }
    }

    private void lock() {
        if (lock != null) {
            lock.lock();
        }
    }

    private void unlock() {
        if (lock != null) {
            lock.unlock();
        }
    }

    @Serial
    private Object readResolve() {
        return new SharedCharArray(file, length, lock);
    }

    @Override
    public String toString() {
        return "SharedCharArray[" + name + ", length=" + length + "]";
    }
}
