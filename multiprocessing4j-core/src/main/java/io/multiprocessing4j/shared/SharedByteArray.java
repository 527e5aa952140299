package io.multiprocessing4j.shared;

import io.multiprocessing4j.spi.LocalBackends;
import io.multiprocessing4j.spi.SharedSegment;
import io.multiprocessing4j.sync.ProcessRLock;

import java.io.Serial;
import java.io.Serializable;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * Python's {@code multiprocessing.Array('b', n)} and {@code Array('B', n)} (and {@code RawArray}): a
 * fixed-length array of {@code byte} in shared memory that every process holding this handle reads
 * and writes. {@link #get(int)} reads an element as a signed byte ({@code 'b'}),
 * {@link #getUnsigned(int)} as {@code 0..255} ({@code 'B'}). For Python's {@code Array('c', n)}, a
 * string buffer, see {@link SharedCharArray}.
 *
 * <p>Element reads and writes are single atomic (volatile) accesses. Bulk copies
 * ({@link #copyFrom}, {@link #copyTo}, {@link #toArray()}) are plain memory copies: hold
 * {@link #getLock()} (a {@link ProcessRLock}, as Python's synchronized wrapper) if other processes
 * write meanwhile. {@link #segment()} exposes the elements as a {@link MemorySegment} for
 * vectorised or bulk work. Indices outside {@code [0, length())} throw
 * {@link IndexOutOfBoundsException}.
 *
 * <p>Thread-safe; {@code Serializable}: passed to another process it re-attaches by name.
 */
public final class SharedByteArray extends SharedHandle {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final VarHandle H = ValueLayout.JAVA_BYTE.varHandle();
    private static final long DATA = 64;

    private final int length;
    private final transient MemorySegment data;

    private SharedByteArray(SharedSegment file, int length, ProcessRLock lock) {
        super(file, lock);
        this.length = length;
        this.data = file.segment().asSlice(DATA, (long) length * 1);
    }

    /** @return a new zero-filled array of {@code length} elements with its own lock */
    public static SharedByteArray create(int length) {
        return create(length, true);
    }

    /** @return a new zero-filled array of {@code length} elements without a lock (Python's {@code RawArray}) */
    public static SharedByteArray createRaw(int length) {
        return create(length, false);
    }

    /** @return a new array holding a copy of {@code values}, with its own lock */
    public static SharedByteArray of(byte... values) {
        SharedByteArray a = create(values.length, true);
        a.copyFrom(values);
        return a;
    }

    private static SharedByteArray create(int length, boolean withLock) {
        if (length < 0) {
            throw new IllegalArgumentException("length must be >= 0, got " + length);
        }
        return new SharedByteArray(LocalBackends.get().segment(DATA + Math.max(1, (long) length * 1)), length,
                withLock ? ProcessRLock.create() : null);
    }

    private long off(int i) {
        if (i < 0 || i >= length) {
            throw new IndexOutOfBoundsException("index " + i + " is outside " + this + " of length " + length);
        }
        return (long) i * 1;
    }

    /** @return the number of elements */
    public int length() {
        return length;
    }

    /** @return element {@code i} */
    public byte get(int i) {
        return (byte) H.getVolatile(data, off(i));
    }

    /** Sets element {@code i}. */
    public void set(int i, byte value) {
        H.setVolatile(data, off(i), value);
    }

    /** @return element {@code i} as {@code 0..255} (Python's {@code 'B'}) */
    public int getUnsigned(int i) {
        return Byte.toUnsignedInt(get(i));
    }

    /**
     * Sets element {@code i} of an unsigned ({@code 'B'}) array.
     *
     * @throws IllegalArgumentException if {@code value} is outside {@code 0..255}
     */
    public void setUnsigned(int i, int value) {
        set(i, SharedByte.checkUnsigned(value));
    }

    /** Copies all of {@code src} to the start of this array. */
    public void copyFrom(byte[] src) {
        copyFrom(src, 0, 0, src.length);
    }

    /** Copies {@code count} elements from {@code src[srcPos..]} to this array from {@code index}. */
    public void copyFrom(byte[] src, int srcPos, int index, int count) {
        Objects.checkFromIndexSize(srcPos, count, src.length);
        Objects.checkFromIndexSize(index, count, length);
        MemorySegment.copy(src, srcPos, data, ValueLayout.JAVA_BYTE, (long) index * 1, count);
    }

    /** Copies {@code count} elements from this array at {@code index} to {@code dst[dstPos..]}. */
    public void copyTo(int index, byte[] dst, int dstPos, int count) {
        Objects.checkFromIndexSize(index, count, length);
        Objects.checkFromIndexSize(dstPos, count, dst.length);
        MemorySegment.copy(data, ValueLayout.JAVA_BYTE, (long) index * 1, dst, dstPos, count);
    }

    /** @return a copy of every element */
    public byte[] toArray() {
        byte[] out = new byte[length];
        copyTo(0, out, 0, length);
        return out;
    }

    /** @return the elements as a memory segment of {@code length() * 1} bytes (native byte order) */
    public MemorySegment segment() {
        return data;
    }

    @Serial
    private Object readResolve() {
        return new SharedByteArray(file, length, lock);
    }

    @Override
    public String toString() {
        return "SharedByteArray[" + name + ", length=" + length + "]";
    }
}
