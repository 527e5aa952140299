package io.multiprocessing4j.shared;

import io.multiprocessing4j.spi.LocalBackends;
import io.multiprocessing4j.spi.SharedSegment;
import io.multiprocessing4j.sync.ProcessRLock;

import java.io.Serial;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * Python's {@code multiprocessing.Array('h', n)} and {@code Array('H', n)} (and {@code RawArray}): a
 * fixed-length array of 16-bit integers in shared memory that every process holding this handle
 * reads and writes.
 *
 * <p>The same elements serve both typecodes: {@link #get(int)} reads an element as a signed
 * {@code short} ({@code 'h'}), {@link #getUnsigned(int)} as {@code 0..65535} ({@code 'H'});
 * {@link #setUnsigned} refuses a value outside {@code 0..65535} with
 * {@link IllegalArgumentException}. Element reads and writes are single atomic (volatile) accesses,
 * and {@link #addAndGet} (wrapping at 16 bits) and {@link #compareAndSet} are atomic and need no
 * lock. Bulk copies ({@link #copyFrom}, {@link #copyTo}, {@link #toArray()}) are plain memory
 * copies: hold {@link #getLock()} (a {@link ProcessRLock}, as Python's synchronized wrapper) if
 * other processes write meanwhile. {@link #segment()} exposes the elements as a
 * {@link MemorySegment}. Indices outside {@code [0, length())} throw
 * {@link IndexOutOfBoundsException}.
 *
 * <p>Thread-safe; {@code Serializable}: passed to another process it re-attaches by name.
 */
public final class SharedShortArray extends SharedHandle {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final VarHandle H = ValueLayout.JAVA_SHORT.varHandle();
    private static final long DATA = 64;

    private final int length;
    /** The whole mapping: atomic updates work on the 4-byte word around an element, which may pass the slice's end. */
    private final transient MemorySegment whole;
    private final transient MemorySegment data;

    private SharedShortArray(SharedSegment file, int length, ProcessRLock lock) {
        super(file, lock);
        this.length = length;
        this.whole = file.segment();
        this.data = whole.asSlice(DATA, (long) length * 2);
    }

    /** @return a new zero-filled array of {@code length} elements with its own lock */
    public static SharedShortArray create(int length) {
        return create(length, true);
    }

    /** @return a new zero-filled array of {@code length} elements without a lock (Python's {@code RawArray}) */
    public static SharedShortArray createRaw(int length) {
        return create(length, false);
    }

    /** @return a new array holding a copy of {@code values}, with its own lock */
    public static SharedShortArray of(short... values) {
        SharedShortArray a = create(values.length, true);
        a.copyFrom(values);
        return a;
    }

    private static SharedShortArray create(int length, boolean withLock) {
        if (length < 0) {
            throw new IllegalArgumentException("length must be >= 0, got " + length);
        }
        // rounded up to whole 4-byte words so that the word around the last element is mapped
        long bytes = Math.max(4, ((long) length * 2 + 3) & ~3L);
        return new SharedShortArray(LocalBackends.get().segment(DATA + bytes), length, withLock ? ProcessRLock.create() : null);
    }

    private long off(int i) {
        if (i < 0 || i >= length) {
            throw new IndexOutOfBoundsException("index " + i + " is outside " + this + " of length " + length);
        }
        return (long) i * 2;
    }

    /** @return the number of elements */
    public int length() {
        return length;
    }

    /** @return element {@code i} as a signed short ({@code 'h'}) */
    public short get(int i) {
        return (short) H.getVolatile(data, off(i));
    }

    /** @return element {@code i} as {@code 0..65535} ({@code 'H'}) */
    public int getUnsigned(int i) {
        return Short.toUnsignedInt(get(i));
    }

    /** Sets element {@code i}. */
    public void set(int i, short value) {
        H.setVolatile(data, off(i), value);
    }

    /**
     * Sets element {@code i} of an unsigned ({@code 'H'}) array.
     *
     * @throws IllegalArgumentException if {@code value} is outside {@code 0..65535}
     */
    public void setUnsigned(int i, int value) {
        set(i, SharedShort.checkUnsigned(value));
    }

    /** Atomically adds {@code delta} to element {@code i}, wrapping at 16 bits; @return the new value (signed). */
    public short addAndGet(int i, int delta) {
        return (short) (SubWord.getAndAdd(whole, DATA + off(i), 2, delta) + delta);
    }

    /** Atomically sets element {@code i} to {@code update} if it equals {@code expected}; @return whether it did. */
    public boolean compareAndSet(int i, short expected, short update) {
        return SubWord.compareAndSet(whole, DATA + off(i), 2, expected, update);
    }

    /** Copies all of {@code src} to the start of this array. */
    public void copyFrom(short[] src) {
        copyFrom(src, 0, 0, src.length);
    }

    /** Copies {@code count} elements from {@code src[srcPos..]} to this array from {@code index}. */
    public void copyFrom(short[] src, int srcPos, int index, int count) {
        Objects.checkFromIndexSize(srcPos, count, src.length);
        Objects.checkFromIndexSize(index, count, length);
        MemorySegment.copy(src, srcPos, data, ValueLayout.JAVA_SHORT, (long) index * 2, count);
    }

    /** Copies {@code count} elements from this array at {@code index} to {@code dst[dstPos..]}. */
    public void copyTo(int index, short[] dst, int dstPos, int count) {
        Objects.checkFromIndexSize(index, count, length);
        Objects.checkFromIndexSize(dstPos, count, dst.length);
        MemorySegment.copy(data, ValueLayout.JAVA_SHORT, (long) index * 2, dst, dstPos, count);
    }

    /** @return a copy of every element */
    public short[] toArray() {
        short[] out = new short[length];
        copyTo(0, out, 0, length);
        return out;
    }

    /** @return the elements as a memory segment of {@code length() * 2} bytes (native byte order) */
    public MemorySegment segment() {
        return data;
    }

    @Serial
    private Object readResolve() {
        return new SharedShortArray(file, length, lock);
    }

    @Override
    public String toString() {
        return "SharedShortArray[" + name + ", length=" + length + "]";
    }
}
