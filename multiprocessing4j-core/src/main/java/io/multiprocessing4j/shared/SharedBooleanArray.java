package io.multiprocessing4j.shared;

import io.multiprocessing4j.spi.LocalBackends;
import io.multiprocessing4j.spi.SharedSegment;
import io.multiprocessing4j.sync.ProcessRLock;

import java.io.Serial;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * Python's {@code multiprocessing.Array('?', n)} (and {@code RawArray('?', n)}): a fixed-length
 * array of {@code bool} (one byte each, 0 or 1, as C's {@code _Bool}) in shared memory that every
 * process holding this handle reads and writes.
 *
 * <p>Element reads and writes are single atomic accesses and {@link #compareAndSet} and
 * {@link #getAndSet} are atomic and need no lock (so each flag can be claimed by exactly one
 * process). Bulk copies ({@link #copyFrom}, {@link #toArray()}) go element by element: hold
 * {@link #getLock()} (a {@link ProcessRLock}, as Python's synchronized wrapper) for a consistent
 * snapshot while other processes write. Indices outside {@code [0, length())} throw
 * {@link IndexOutOfBoundsException}.
 *
 * <p>Thread-safe; {@code Serializable}: passed to another process it re-attaches by name.
 */
public final class SharedBooleanArray extends SharedHandle {
    @Serial
    private static final long serialVersionUID = 1L;
    private static final long DATA = 64;

    private final int length;
    /** The whole mapping: updates work on the 4-byte word around an element. */
    private final transient MemorySegment whole;

    private SharedBooleanArray(SharedSegment file, int length, ProcessRLock lock) {
        super(file, lock);
        this.length = length;
        this.whole = file.segment();
    }

    /** @return a new array of {@code length} elements, all {@code false}, with its own lock */
    public static SharedBooleanArray create(int length) {
        return create(length, true);
    }

    /** @return a new array of {@code length} elements, all {@code false}, without a lock (Python's {@code RawArray}) */
    public static SharedBooleanArray createRaw(int length) {
        return create(length, false);
    }

    /** @return a new array holding a copy of {@code values}, with its own lock */
    public static SharedBooleanArray of(boolean... values) {
        SharedBooleanArray a = create(values.length, true);
        a.copyFrom(values);
        return a;
    }

    private static SharedBooleanArray create(int length, boolean withLock) {
        if (length < 0) {
            throw new IllegalArgumentException("length must be >= 0, got " + length);
        }
        // rounded up to whole 4-byte words so that the word around the last element is mapped
        long bytes = Math.max(4, ((long) length + 3) & ~3L);
        return new SharedBooleanArray(LocalBackends.get().segment(DATA + bytes), length, withLock ? ProcessRLock.create() : null);
    }

    private long off(int i) {
        if (i < 0 || i >= length) {
            throw new IndexOutOfBoundsException("index " + i + " is outside " + this + " of length " + length);
        }
        return DATA + i;
    }

    /** @return the number of elements */
    public int length() {
        return length;
    }

    /** @return element {@code i} */
    public boolean get(int i) {
        return SubWord.get(whole, off(i), 1) != 0;
    }

    /** Sets element {@code i}. */
    public void set(int i, boolean value) {
        SubWord.getAndSet(whole, off(i), 1, value ? 1 : 0);
    }

    /** Atomically sets element {@code i}; @return its previous value. */
    public boolean getAndSet(int i, boolean value) {
        return SubWord.getAndSet(whole, off(i), 1, value ? 1 : 0) != 0;
    }

    /** Atomically sets element {@code i} to {@code update} if it is {@code expected}; @return whether it did. */
    public boolean compareAndSet(int i, boolean expected, boolean update) {
        return SubWord.compareAndSet(whole, off(i), 1, expected ? 1 : 0, update ? 1 : 0);
    }

    /** Copies all of {@code src} to the start of this array. */
    public void copyFrom(boolean[] src) {
        Objects.checkFromIndexSize(0, src.length, length);
        for (int i = 0; i < src.length; i++) {
            set(i, src[i]);
        }
    }

    /** @return a copy of every element */
    public boolean[] toArray() {
        boolean[] out = new boolean[length];
        for (int i = 0; i < length; i++) {
            out[i] = get(i);
        }
        return out;
    }

    @Serial
    private Object readResolve() {
        return new SharedBooleanArray(file, length, lock);
    }

    @Override
    public String toString() {
        return "SharedBooleanArray[" + name + ", length=" + length + "]";
    }
}
