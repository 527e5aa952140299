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
 * Python's {@code multiprocessing.Array('f', n)} (and {@code RawArray}): a fixed-length array
 * of {@code float} in shared memory that every process holding this handle reads and writes.
 *
 * <p>Element reads and writes are single atomic (volatile) accesses, and the atomic
 * read-modify-write methods need no lock. Bulk copies
 * ({@link #copyFrom}, {@link #copyTo}, {@link #toArray()}) are plain memory copies: hold
 * {@link #getLock()} (a {@link ProcessRLock}, as Python's synchronized wrapper) if other processes
 * write meanwhile. {@link #segment()} exposes the elements as a {@link MemorySegment} for
 * vectorised or bulk work. Indices outside {@code [0, length())} throw
 * {@link IndexOutOfBoundsException}.
 *
 * <p>Thread-safe; {@code Serializable}: passed to another process it re-attaches by name.
 */
public final class SharedFloatArray extends SharedHandle {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final VarHandle BITS = ValueLayout.JAVA_INT.varHandle();
    private static final long DATA = 64;

    private final int length;
    private final transient MemorySegment data;

    private SharedFloatArray(SharedSegment file, int length, ProcessRLock lock) {
        super(file, lock);
        this.length = length;
        this.data = file.segment().asSlice(DATA, (long) length * 4);
    }

    /** @return a new zero-filled array of {@code length} elements with its own lock */
    public static SharedFloatArray create(int length) {
        return create(length, true);
    }

    /** @return a new zero-filled array of {@code length} elements without a lock (Python's {@code RawArray}) */
    public static SharedFloatArray createRaw(int length) {
        return create(length, false);
    }

    /** @return a new array holding a copy of {@code values}, with its own lock */
    public static SharedFloatArray of(float... values) {
        SharedFloatArray a = create(values.length, true);
        a.copyFrom(values);
        return a;
    }

    private static SharedFloatArray create(int length, boolean withLock) {
        if (length < 0) {
            throw new IllegalArgumentException("length must be >= 0, got " + length);
        }
        return new SharedFloatArray(LocalBackends.get().segment(DATA + Math.max(1, (long) length * 4)), length,
                withLock ? ProcessRLock.create() : null);
    }

    private long off(int i) {
        if (i < 0 || i >= length) {
            throw new IndexOutOfBoundsException("index " + i + " is outside " + this + " of length " + length);
        }
        return (long) i * 4;
    }

    /** @return the number of elements */
    public int length() {
        return length;
    }

    /** @return element {@code i} */
    public float get(int i) {
        return Float.intBitsToFloat((int) BITS.getVolatile(data, off(i)));
    }

    /** Sets element {@code i}. */
    public void set(int i, float value) {
        BITS.setVolatile(data, off(i), Float.floatToRawIntBits(value));
    }

    /** Atomically adds {@code delta} to element {@code i} (a compare-and-set loop); @return the new value. */
    public float addAndGet(int i, float delta) {
        long at = off(i);
        while (true) {
            int old = (int) BITS.getVolatile(data, at);
            float next = Float.intBitsToFloat(old) + delta;
            if (BITS.compareAndSet(data, at, old, Float.floatToRawIntBits(next))) {
                return next;
            }
        }
    }

    /** Atomically sets element {@code i} to {@code update} if it is bit for bit {@code expected}; @return whether it did. */
    public boolean compareAndSet(int i, float expected, float update) {
        return BITS.compareAndSet(data, off(i), Float.floatToRawIntBits(expected), Float.floatToRawIntBits(update));
    }

    /** Copies all of {@code src} to the start of this array. */
    public void copyFrom(float[] src) {
        copyFrom(src, 0, 0, src.length);
    }

    /** Copies {@code count} elements from {@code src[srcPos..]} to this array from {@code index}. */
    public void copyFrom(float[] src, int srcPos, int index, int count) {
        Objects.checkFromIndexSize(srcPos, count, src.length);
        Objects.checkFromIndexSize(index, count, length);
        MemorySegment.copy(src, srcPos, data, ValueLayout.JAVA_FLOAT, (long) index * 4, count);
    }

    /** Copies {@code count} elements from this array at {@code index} to {@code dst[dstPos..]}. */
    public void copyTo(int index, float[] dst, int dstPos, int count) {
        Objects.checkFromIndexSize(index, count, length);
        Objects.checkFromIndexSize(dstPos, count, dst.length);
        MemorySegment.copy(data, ValueLayout.JAVA_FLOAT, (long) index * 4, dst, dstPos, count);
    }

    /** @return a copy of every element */
    public float[] toArray() {
        float[] out = new float[length];
        copyTo(0, out, 0, length);
        return out;
    }

    /** @return the elements as a memory segment of {@code length() * 4} bytes (native byte order) */
    public MemorySegment segment() {
        return data;
    }

    @Serial
    private Object readResolve() {
        return new SharedFloatArray(file, length, lock);
    }

    @Override
    public String toString() {
        return "SharedFloatArray[" + name + ", length=" + length + "]";
    }
}
