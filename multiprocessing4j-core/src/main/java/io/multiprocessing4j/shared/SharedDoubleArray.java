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
 * Python's {@code multiprocessing.Array('d', n)} (and {@code RawArray}): a fixed-length array
 * of {@code double} in shared memory that every process holding this handle reads and writes.
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
public final class SharedDoubleArray extends SharedHandle {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final VarHandle H = ValueLayout.JAVA_DOUBLE.varHandle();
    private static final VarHandle BITS = ValueLayout.JAVA_LONG.varHandle();
    private static final long DATA = 64;

    private final int length;
    private final transient MemorySegment data;

    private SharedDoubleArray(SharedSegment file, int length, ProcessRLock lock) {
        super(file, lock);
        this.length = length;
        this.data = file.segment().asSlice(DATA, (long) length * 8);
    }

    /** @return a new zero-filled array of {@code length} elements with its own lock */
    public static SharedDoubleArray create(int length) {
        return create(length, true);
    }

    /** @return a new zero-filled array of {@code length} elements without a lock (Python's {@code RawArray}) */
    public static SharedDoubleArray createRaw(int length) {
        return create(length, false);
    }

    /** @return a new array holding a copy of {@code values}, with its own lock */
    public static SharedDoubleArray of(double... values) {
        SharedDoubleArray a = create(values.length, true);
        a.copyFrom(values);
        return a;
    }

    private static SharedDoubleArray create(int length, boolean withLock) {
        if (length < 0) {
            throw new IllegalArgumentException("length must be >= 0, got " + length);
        }
        return new SharedDoubleArray(LocalBackends.get().segment(DATA + Math.max(1, (long) length * 8)), length,
                withLock ? ProcessRLock.create() : null);
    }

    private long off(int i) {
        if (i < 0 || i >= length) {
            throw new IndexOutOfBoundsException("index " + i + " is outside " + this + " of length " + length);
        }
        return (long) i * 8;
    }

    /** @return the number of elements */
    public int length() {
        return length;
    }

    /** @return element {@code i} */
    public double get(int i) {
        return Double.longBitsToDouble((long) BITS.getVolatile(data, off(i)));
    }

    /** Sets element {@code i}. */
    public void set(int i, double value) {
        BITS.setVolatile(data, off(i), Double.doubleToRawLongBits(value));
    }

    /** Atomically adds {@code delta} to element {@code i}; @return the new value. */
    public double addAndGet(int i, double delta) {
        long at = off(i);
        while (true) {
            long old = (long) BITS.getVolatile(data, at);
            double next = Double.longBitsToDouble(old) + delta;
            if (BITS.compareAndSet(data, at, old, Double.doubleToRawLongBits(next))) {
                return next;
            }
        }
    }

    /** Atomically sets element {@code i} to {@code update} if it is bit for bit {@code expected}; @return whether it did. */
    public boolean compareAndSet(int i, double expected, double update) {
        return BITS.compareAndSet(data, off(i), Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(update));
    }

    /** Copies all of {@code src} to the start of this array. */
    public void copyFrom(double[] src) {
        copyFrom(src, 0, 0, src.length);
    }

    /** Copies {@code count} elements from {@code src[srcPos..]} to this array from {@code index}. */
    public void copyFrom(double[] src, int srcPos, int index, int count) {
        Objects.checkFromIndexSize(srcPos, count, src.length);
        Objects.checkFromIndexSize(index, count, length);
        MemorySegment.copy(src, srcPos, data, ValueLayout.JAVA_DOUBLE, (long) index * 8, count);
    }

    /** Copies {@code count} elements from this array at {@code index} to {@code dst[dstPos..]}. */
    public void copyTo(int index, double[] dst, int dstPos, int count) {
        Objects.checkFromIndexSize(index, count, length);
        Objects.checkFromIndexSize(dstPos, count, dst.length);
        MemorySegment.copy(data, ValueLayout.JAVA_DOUBLE, (long) index * 8, dst, dstPos, count);
    }

    /** @return a copy of every element */
    public double[] toArray() {
        double[] out = new double[length];
        copyTo(0, out, 0, length);
        return out;
    }

    /** @return the elements as a memory segment of {@code length() * 8} bytes (native byte order) */
    public MemorySegment segment() {
        return data;
    }

    @Serial
    private Object readResolve() {
        return new SharedDoubleArray(file, length, lock);
    }

    @Override
    public String toString() {
        return "SharedDoubleArray[" + name + ", length=" + length + "]";
    }
}
